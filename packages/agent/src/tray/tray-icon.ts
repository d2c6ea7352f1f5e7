/**
 * The tray icon, drawn in code: a red disc with a white square (the "stop" sign), as ARGB32
 * pixels in network byte order, the format of StatusNotifierItem's IconPixmap.
 * @module
 */

export interface IconPixmap {
  readonly width: number
  readonly height: number
  /** width × height pixels, 4 bytes each: A, R, G, B. */
  readonly argb: Uint8Array
}

/** The sizes offered; hosts pick the closest. */
export const ICON_SIZES = [16, 22, 24, 32, 48] as const

const RED = [0xd3, 0x2f, 0x2f] as const
const WHITE = [0xff, 0xff, 0xff] as const
/** Sub-samples per pixel side, for smooth edges. */
const SAMPLES = 4

export function drawStopIcon(size: number): IconPixmap {
  const argb = new Uint8Array(size * size * 4)
  const centre = size / 2
  const radius = size / 2 - 0.5
  const half = size * 0.18
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let disc = 0
      let square = 0
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const px = x + (sx + 0.5) / SAMPLES - centre
          const py = y + (sy + 0.5) / SAMPLES - centre
          if (px * px + py * py <= radius * radius) {
            disc += 1
            if (Math.abs(px) <= half && Math.abs(py) <= half) square += 1
          }
        }
      }
      const total = SAMPLES * SAMPLES
      const offset = (y * size + x) * 4
      const whiteShare = disc === 0 ? 0 : square / disc
      argb[offset] = Math.round((disc / total) * 255)
      for (let channel = 0; channel < 3; channel += 1) {
        const red = RED[channel] ?? 0
        const white = WHITE[channel] ?? 0
        argb[offset + 1 + channel] = Math.round(red + (white - red) * whiteShare)
      }
    }
  }
  return { width: size, height: size, argb }
}

/** All sizes, as the D-Bus `a(iiay)` value. */
export function iconPixmaps(): [number, number, Uint8Array][] {
  return ICON_SIZES.map((size) => {
    const icon = drawStopIcon(size)
    return [icon.width, icon.height, icon.argb]
  })
}
