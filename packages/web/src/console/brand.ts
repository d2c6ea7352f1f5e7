/** The tenant's brand colour as the console's accent, with a readable text colour on it. */

const HEX_COLOUR = /^#[0-9a-f]{6}$/i
export const DEFAULT_ACCENT = '#2563eb'

/** Relative luminance (WCAG 2) of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** White or near-black, whichever contrasts more with the accent. */
export function textOn(hex: string): string {
  const light = luminance(hex)
  const onWhite = 1.05 / (light + 0.05)
  const onDark = (light + 0.05) / 0.05
  return onWhite >= onDark ? '#ffffff' : '#111827'
}

export function applyBrand(color: string | null | undefined): void {
  const accent =
    color !== null && color !== undefined && HEX_COLOUR.test(color) ? color : DEFAULT_ACCENT
  const root = document.documentElement.style
  root.setProperty('--accent', accent)
  root.setProperty('--accent-text', textOn(accent))
}
