/**
 * The page's stylesheet: the consent window's own (imported, so both look the same) and the
 * few rules the history table and the language links need.
 * @module
 */
import { PAGE_STYLE } from '../consent-ui/page-style.js'

const ABOUT_STYLE = `
.about h2 { font-size: 18px; margin: 26px 0 10px; }
.about .status { margin: 16px 0 0; }
.about .dot.is-off { background: var(--muted); }
.language a { padding: 6px 12px; font-size: 13px; color: var(--ink); text-decoration: none; }
.language a[aria-current='true'] { background: var(--ink); color: #fff; }
.history { width: 100%; border-collapse: collapse; font-size: 14px; }
.history th { text-align: left; font-weight: 600; color: var(--muted); font-size: 13px; }
.history th, .history td { padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
`

export const DEVICE_PAGE_STYLE = PAGE_STYLE + ABOUT_STYLE
