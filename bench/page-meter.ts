/**
 * Counting inside the operator's page, so the driver's DevTools never copies WebSocket frames
 * (which slows Chromium several-fold): bytes the page's WebSockets received, frames in which
 * something was painted, and, whenever a painted update covers one of the probe squares, the
 * square's colour on the canvas and the time of that paint. Runs as an init script.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { Square } from './x-probe.js'

export interface PaintSample {
  readonly square: 'changing' | 'clickable'
  readonly colour: number
  readonly at: number
}

export interface Meter {
  bytes: number
  paints: number
  paintedFrames: number
  samples: PaintSample[]
  /** Wall-clock times of pointer presses on the canvas. */
  presses: number[]
}

declare global {
  interface Window {
    __meter?: Meter
  }
}

const SCRIPT = readFileSync(
  fileURLToPath(new URL('./page-meter.browser.js', import.meta.url)),
  'utf8',
)

/**
 * The init script for the operator's page. It is plain JavaScript read from a file, not a
 * function serialised by the driver: tsx compiles functions with name helpers that do not
 * exist in the page.
 */
export function meterScript(squares: { changing: Square; clickable: Square }): string {
  return `window.__meterSquares = ${JSON.stringify(squares)};\n${SCRIPT}`
}
