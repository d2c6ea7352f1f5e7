/**
 * Test side of the stream: a sink that numbers and records what the stream sends and tracks
 * which updates are unacknowledged, and the console's picture rebuilt from the updates
 * (zlib inflated as the viewer does; JPEG decoded with jpeg-js; copies applied in order).
 */
import { inflateSync } from 'node:zlib'

import {
  ScreenEncoding,
  decodeCopySource,
  type AgentToConsole,
  type ScreenUpdate,
} from '@tasuke/protocol'
import { decode as decodeJpeg } from 'jpeg-js'

import type { Frame, Rect } from '../../capture/capture.js'
import type { ScreenStream, ScreenStreamSink } from '../screen-stream.js'

export type SentItem =
  | { kind: 'update'; sequence: number; update: ScreenUpdate; isDroppable: boolean }
  | { kind: 'message'; message: AgentToConsole; isDroppable: boolean }

export class RecordingSink implements ScreenStreamSink {
  readonly sent: SentItem[] = []
  readonly outstanding = new Set<number>()
  maxOutstanding = 0
  buffered = 0
  #nextSequence = 0

  sendUpdate(update: ScreenUpdate, isDroppable: boolean): number {
    const sequence = this.#nextSequence
    this.#nextSequence += 1
    // The stream may reuse its buffers: keep a copy of what went out.
    this.sent.push({
      kind: 'update',
      sequence,
      update: { ...update, image: Uint8Array.from(update.image) },
      isDroppable,
    })
    this.outstanding.add(sequence)
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding.size)
    return sequence
  }

  sendMessage(message: AgentToConsole, isDroppable: boolean): void {
    this.sent.push({ kind: 'message', message, isDroppable })
  }

  bufferedBytes(): number {
    return this.buffered
  }

  get updates(): Extract<SentItem, { kind: 'update' }>[] {
    return this.sent.flatMap((item) => (item.kind === 'update' ? [item] : []))
  }

  get messages(): AgentToConsole[] {
    return this.sent.flatMap((item) => (item.kind === 'message' ? [item.message] : []))
  }

  /** Acknowledges every outstanding update, as a console does once it painted them. */
  ackAll(stream: ScreenStream): void {
    for (const sequence of [...this.outstanding]) {
      this.outstanding.delete(sequence)
      stream.acknowledge(sequence)
    }
  }
}

/** The console's picture: BGRX like the desktop, X bytes as sent. */
export class ConsolePicture {
  readonly pixels: Buffer

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height * 4)
  }

  /** The update's pixels, BGRX, rows `width * 4` apart (JPEG: decoded, X byte 0). */
  static decode(update: ScreenUpdate): Buffer {
    switch (update.encoding) {
      case ScreenEncoding.Zlib: {
        const raw = inflateSync(update.image)
        if (raw.length !== update.width * update.height * 4) throw new Error('bad zlib size (F9)')
        return raw
      }
      case ScreenEncoding.Jpeg: {
        const image = decodeJpeg(update.image, { useTArray: true, formatAsRGBA: true })
        if (image.width !== update.width || image.height !== update.height) {
          throw new Error('JPEG size differs from the update')
        }
        const bgrx = Buffer.alloc(image.data.length)
        for (let i = 0; i < bgrx.length; i += 4) {
          bgrx[i] = image.data[i + 2] ?? 0
          bgrx[i + 1] = image.data[i + 1] ?? 0
          bgrx[i + 2] = image.data[i] ?? 0
        }
        return bgrx
      }
      case ScreenEncoding.Copy:
        throw new Error('a copy has no pixels of its own (F10)')
      case ScreenEncoding.Png:
      case ScreenEncoding.Webp:
        throw new Error(`the stream sends no encoding ${update.encoding}`)
    }
  }

  apply(update: ScreenUpdate): void {
    if (update.encoding === ScreenEncoding.Copy) {
      this.#copy(update)
      return
    }
    const raw = ConsolePicture.decode(update)
    const rowBytes = update.width * 4
    for (let row = 0; row < update.height; row += 1) {
      const target = ((update.y + row) * this.width + update.x) * 4
      raw.copy(this.pixels, target, row * rowBytes, (row + 1) * rowBytes)
    }
  }

  /** F10: the source block as it was before this update, so overlapping copies work. */
  #copy(update: ScreenUpdate): void {
    const source = decodeCopySource(update)
    if (source.x + update.width > this.width || source.y + update.height > this.height) {
      throw new Error('copy source outside the screen')
    }
    const rowBytes = update.width * 4
    const block = Buffer.alloc(rowBytes * update.height)
    for (let row = 0; row < update.height; row += 1) {
      const from = ((source.y + row) * this.width + source.x) * 4
      this.pixels.copy(block, row * rowBytes, from, from + rowBytes)
    }
    for (let row = 0; row < update.height; row += 1) {
      const target = ((update.y + row) * this.width + update.x) * 4
      block.copy(this.pixels, target, row * rowBytes, (row + 1) * rowBytes)
    }
  }

  /** Whether the picture equals `frame` in B, G and R (the X byte is padding). */
  equals(frame: Frame, rect: Rect = frame): boolean {
    for (let y = rect.y; y < rect.y + rect.height; y += 1) {
      for (let x = rect.x; x < rect.x + rect.width; x += 1) {
        const mine = (y * this.width + x) * 4
        const theirs = (y - frame.y) * frame.stride + (x - frame.x) * 4
        for (let channel = 0; channel < 3; channel += 1) {
          if (this.pixels[mine + channel] !== frame.data[theirs + channel]) return false
        }
      }
    }
    return true
  }
}

/** Whether any pixel of the update has exactly this B, G, R colour. */
export function updateHasColour(update: ScreenUpdate, bgr: readonly [number, number, number]) {
  if (update.encoding === ScreenEncoding.Copy) return false
  const raw = ConsolePicture.decode(update)
  for (let i = 0; i < raw.length; i += 4) {
    if (raw[i] === bgr[0] && raw[i + 1] === bgr[1] && raw[i + 2] === bgr[2]) return true
  }
  return false
}
