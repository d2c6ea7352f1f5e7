/**
 * Counting inside the operator's page, so the driver's DevTools never copies WebSocket frames
 * (which slows Chromium several-fold): bytes the page's WebSockets received, frames in which
 * something was painted, and, whenever a painted update covers one of the probe squares, the
 * square's colour on the canvas and the time of that paint. Runs as an init script.
 */
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

interface PaintedDetail {
  x: number
  y: number
  width: number
  height: number
  paintedAt: number
}

/** The init script; `squares` come from the probe. Everything it uses must be inside it. */
export function installMeter(squares: { changing: Square; clickable: Square }): void {
  const meter: Meter = { bytes: 0, paints: 0, paintedFrames: 0, samples: [], presses: [] }
  window.__meter = meter
  const now = () => performance.timeOrigin + performance.now()

  const NativeWebSocket = window.WebSocket
  class CountingWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data
        if (typeof data === 'string') meter.bytes += data.length
        else if (data instanceof ArrayBuffer) meter.bytes += data.byteLength
        else if (data instanceof Blob) meter.bytes += data.size
      })
    }
  }
  window.WebSocket = CountingWebSocket

  let paintedSinceFrame = false
  const countFrames = () => {
    if (paintedSinceFrame) meter.paintedFrames += 1
    paintedSinceFrame = false
    requestAnimationFrame(countFrames)
  }
  requestAnimationFrame(countFrames)

  const largestCanvas = (): HTMLCanvasElement | null => {
    let best: HTMLCanvasElement | null = null
    for (const canvas of document.querySelectorAll('canvas')) {
      if (best === null || canvas.width * canvas.height > best.width * best.height) best = canvas
    }
    return best
  }
  const covers = (detail: PaintedDetail, square: Square) =>
    detail.x < square.x + square.size &&
    square.x < detail.x + detail.width &&
    detail.y < square.y + square.size &&
    square.y < detail.y + detail.height

  document.addEventListener('tasuke:painted', (event) => {
    const detail = (event as CustomEvent<PaintedDetail>).detail
    meter.paints += 1
    paintedSinceFrame = true
    for (const name of ['changing', 'clickable'] as const) {
      const square = squares[name]
      if (!covers(detail, square)) continue
      const canvas = largestCanvas()
      const context = canvas?.getContext('2d')
      if (context === null || context === undefined) continue
      const half = Math.floor(square.size / 2)
      const [r = 0, g = 0, b = 0] = context.getImageData(
        square.x + half,
        square.y + half,
        1,
        1,
      ).data
      meter.samples.push({ square: name, colour: (r << 16) | (g << 8) | b, at: detail.paintedAt })
    }
  })
  document.addEventListener(
    'pointerdown',
    () => {
      meter.presses.push(now())
    },
    { capture: true },
  )
}
