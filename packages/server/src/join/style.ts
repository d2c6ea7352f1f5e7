/**
 * The join page's stylesheet, served from this origin as /join/page.css: the CSP allows no
 * inline styles. System fonts, one column, a large download button, readable on a phone.
 */
export const JOIN_PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; }
body {
  margin: 0; background: #f4f6f9; color: #1d2733; line-height: 1.6;
  font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic UI", Meiryo, sans-serif;
}
main { max-width: 40rem; margin: 2rem auto; padding: 2rem 1.5rem; background: #fff;
  border-radius: 12px; box-shadow: 0 1px 4px rgb(0 0 0 / 12%); }
h1 { font-size: 1.5rem; margin: 0 0 1.25rem; }
h2 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }
.code-label { margin: 0; color: #4a5868; }
.code { margin: 0 0 1.25rem; font-size: 2.5rem; font-weight: 700; letter-spacing: 0.08em;
  font-variant-numeric: tabular-nums; }
.download { display: block; text-align: center; padding: 1rem 1.5rem; border-radius: 8px;
  background: #0b6bcb; color: #fff; font-size: 1.25rem; font-weight: 700; text-decoration: none; }
.download:hover, .download:focus-visible { background: #0957a6; }
.download:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.file { margin: 0.5rem 0 0; text-align: center; color: #4a5868; }
.sha { margin: 0.25rem 0 0; font-size: 0.8rem; color: #4a5868; overflow-wrap: anywhere; }
.sha code { font-family: ui-monospace, Menlo, Consolas, monospace; }
.steps { padding-left: 1.5rem; }
.steps li { margin: 0.4rem 0; }
.notice { padding: 0.75rem 1rem; border-radius: 8px; background: #fff6db; border: 1px solid #f0d27a; }
.problem { padding: 0.75rem 1rem; border-radius: 8px; background: #fdecec; border: 1px solid #ef9a9a; }
.warning { margin-top: 1.75rem; font-size: 0.9rem; color: #8a3b00; }
.others { padding-left: 1.25rem; }
.others li { margin: 0.5rem 0; }
form { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; }
label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 600; }
input[type="text"] { font-size: 1.5rem; padding: 0.5rem 0.75rem; width: 12ch; letter-spacing: 0.08em;
  border: 1px solid #9aa7b5; border-radius: 6px; }
button { font-size: 1.1rem; padding: 0.65rem 1.75rem; border: 0; border-radius: 8px;
  background: #0b6bcb; color: #fff; font-weight: 700; cursor: pointer; }
.language { margin-top: 2rem; text-align: right; font-size: 0.9rem; }
`
