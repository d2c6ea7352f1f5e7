/**
 * The entry page's stylesheets, served from this origin (the CSP allows no inline styles):
 * one shared sheet, and a tiny per-tenant sheet that sets the brand colour as custom
 * properties. The colour is checked again here, whatever the store holds.
 */
import { DEFAULT_BRAND_COLOR } from '../tenants/tenants.js'

export const ENTRY_STYLESHEET_PATH = '/entry/page.css'

const HEX_COLOR = /^#[0-9a-f]{6}$/i

/** `:root` custom properties for one tenant: its colour and a readable text colour on it. */
export function brandStylesheet(brandColor: string): string {
  const color = HEX_COLOR.test(brandColor) ? brandColor.toLowerCase() : DEFAULT_BRAND_COLOR
  return `:root { --brand: ${color}; --brand-text: ${textOn(color)}; }\n`
}

/** Black or white, whichever contrasts more with `color` (WCAG relative luminance). */
function textOn(color: string): string {
  const channel = (offset: number) => {
    const value = parseInt(color.slice(offset, offset + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff'
}

export const ENTRY_PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; }
body {
  margin: 0; background: #f4f6f9; color: #1d2733; line-height: 1.6;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic UI", Meiryo, sans-serif;
}
header { background: var(--brand, #0b6bcb); color: var(--brand-text, #fff); }
header .inner { max-width: 44rem; margin: 0 auto; padding: 1rem 1.5rem; display: flex;
  align-items: center; gap: 1rem; }
header img { max-height: 48px; max-width: 160px; background: #fff; border-radius: 6px; padding: 4px; }
header .company { margin: 0; font-size: 1.35rem; font-weight: 700; }
main { max-width: 44rem; margin: 1.5rem auto; padding: 2rem 1.5rem; background: #fff;
  border-radius: 12px; box-shadow: 0 1px 4px rgb(0 0 0 / 12%); }
h1 { font-size: 1.5rem; margin: 0 0 1.25rem; }
h2 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }
form.connect { display: flex; flex-direction: column; gap: 0.75rem; }
form.connect label { font-weight: 600; }
form.connect input { font-size: 2.25rem; padding: 0.5rem 0.75rem; width: 100%; max-width: 16ch;
  letter-spacing: 0.1em; font-variant-numeric: tabular-nums; border: 2px solid #9aa7b5;
  border-radius: 8px; }
form.connect input:focus-visible { outline: 3px solid var(--brand, #0b6bcb); outline-offset: 2px; }
.button, form.connect button { display: inline-block; font-size: 1.3rem; padding: 0.75rem 2.5rem;
  border: 0; border-radius: 8px; background: var(--brand, #0b6bcb); color: var(--brand-text, #fff);
  font-weight: 700; cursor: pointer; text-decoration: none; align-self: flex-start; }
.button:focus-visible, form.connect button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.hint { color: #4a5868; margin: 0; }
.problem { padding: 0.75rem 1rem; border-radius: 8px; background: #fdecec; border: 1px solid #ef9a9a; }
.steps { padding-left: 1.5rem; }
.steps li { margin: 0.4rem 0; }
.downloads { padding-left: 1.25rem; }
.downloads li { margin: 0.5rem 0; }
.sha { margin: 0.25rem 0 0; font-size: 0.8rem; color: #4a5868; overflow-wrap: anywhere; }
.sha code { font-family: ui-monospace, Menlo, Consolas, monospace; }
.status { padding: 1rem 1.25rem; border-radius: 8px; background: #eef4fb; border: 1px solid #b9cfe8;
  font-size: 1.2rem; font-weight: 700; }
.status[data-status="connected"] { background: #e7f6ec; border-color: #8fd1a5; }
.status[data-status="ended"] { background: #f1f1f1; border-color: #c9c9c9; }
.warning { margin-top: 1.75rem; font-size: 0.9rem; color: #8a3b00; }
.language { margin-top: 2rem; text-align: right; font-size: 0.9rem; }
[hidden] { display: none !important; }
`
