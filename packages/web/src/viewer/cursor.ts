/**
 * The remote cursor, drawn locally over the display canvas from an image, its hotspot and a
 * position in remote pixels (DESIGN.md lesson 7: the cursor never travels inside the image).
 * The session feeds it `cursor-shape` (straight RGBA, SPEC.md P1) through `setRgba` and
 * `cursor-position` through `moveTo`/`setVisible`.
 */
import type { Point } from './input/pointer-mapping'
import type { Size } from './scale'

/** Where the cursor image goes, in CSS pixels relative to the canvas's offset parent. */
export interface CursorPlacement {
  readonly left: number
  readonly top: number
  /** CSS pixels per remote pixel. */
  readonly scale: number
}

/** Places the hotspot of the cursor image on the remote point, under the canvas's current scale. */
export function placeCursor(
  position: Point,
  hotspot: Point,
  canvas: { left: number; top: number; width: number },
  screen: Size,
): CursorPlacement {
  const scale = screen.width > 0 ? canvas.width / screen.width : 1
  return {
    left: canvas.left + (position.x - hotspot.x) * scale,
    top: canvas.top + (position.y - hotspot.y) * scale,
    scale,
  }
}

export class CursorOverlay {
  readonly #canvas: HTMLCanvasElement
  readonly #overlay: HTMLCanvasElement
  #hotspot: Point = { x: 0, y: 0 }
  #position: Point = { x: 0, y: 0 }
  #hasImage = false
  #isVisible = true

  /** `canvas` is the display's canvas; the overlay is placed beside it in the same parent. */
  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas
    this.#overlay = canvas.ownerDocument.createElement('canvas')
    Object.assign(this.#overlay.style, {
      position: 'absolute',
      pointerEvents: 'none',
      transformOrigin: '0 0',
      display: 'none',
    })
    canvas.after(this.#overlay)
  }

  /** A new cursor shape (`null`: the remote cursor is hidden). */
  setImage(image: ImageBitmap | null, hotspot: Point): void {
    this.#hasImage = image !== null
    this.#hotspot = hotspot
    if (image !== null) {
      this.#overlay.width = image.width
      this.#overlay.height = image.height
      const context = this.#overlay.getContext('2d')
      context?.clearRect(0, 0, image.width, image.height)
      context?.drawImage(image, 0, 0)
    }
    this.update()
  }

  /**
   * A new cursor shape from straight (not premultiplied) RGBA pixels, rows `width * 4` apart.
   * Returns false (and keeps the old shape) when the pixel count does not match the size.
   */
  setRgba(width: number, height: number, rgba: Uint8Array, hotspot: Point): boolean {
    if (width < 1 || height < 1 || rgba.byteLength !== width * height * 4) return false
    const pixels = new Uint8ClampedArray(rgba.byteLength)
    pixels.set(rgba)
    this.#overlay.width = width
    this.#overlay.height = height
    const context = this.#overlay.getContext('2d')
    context?.clearRect(0, 0, width, height)
    context?.putImageData(new ImageData(pixels, width, height), 0, 0)
    this.#hasImage = true
    this.#hotspot = hotspot
    this.update()
    return true
  }

  /** Shows or hides the remote cursor (`cursor-position` `visible`). */
  setVisible(isVisible: boolean): void {
    this.#isVisible = isVisible
    this.update()
  }

  /** The remote cursor moved (remote pixels). */
  moveTo(position: Point): void {
    this.#position = position
    this.update()
  }

  /** Re-places the overlay; call after the display's scale or size changed. */
  update(): void {
    const style = this.#overlay.style
    if (!this.#hasImage || !this.#isVisible || this.#canvas.width === 0) {
      style.display = 'none'
      return
    }
    const place = placeCursor(
      this.#position,
      this.#hotspot,
      {
        left: this.#canvas.offsetLeft,
        top: this.#canvas.offsetTop,
        width: this.#canvas.clientWidth,
      },
      { width: this.#canvas.width, height: this.#canvas.height },
    )
    style.display = 'block'
    style.left = `${place.left}px`
    style.top = `${place.top}px`
    style.transform = `scale(${place.scale})`
  }

  dispose(): void {
    this.#overlay.remove()
  }
}
