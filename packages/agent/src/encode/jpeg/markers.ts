/**
 * The marker segments around the entropy-coded data of a baseline, single-scan JFIF file
 * (T.81 Annex B, with a JFIF 1.01 APP0): SOI, APP0, DQT, SOF0, DHT, SOS, and finally EOI.
 */
import type { BitWriter } from './bit-writer.js'
import {
  CHROMINANCE_AC,
  CHROMINANCE_DC,
  type HuffmanSpec,
  LUMINANCE_AC,
  LUMINANCE_DC,
} from './huffman-tables.js'
import type { QuantTables } from './quant-tables.js'

const SOI = 0xffd8
const APP0 = 0xffe0
const DQT = 0xffdb
const SOF0 = 0xffc0
const DHT = 0xffc4
const SOS = 0xffda
const EOI = 0xffd9

/** Component ids 1, 2, 3 are Y, Cb, Cr in JFIF. */
const COMPONENT_IDS = [1, 2, 3]

/** "JFIF\0", version 1.01, no units, 1:1 pixel aspect, no thumbnail. */
const JFIF_APP0_BODY = [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]

/** The one DHT segment, the same for every image, so built once. */
const HUFFMAN_SEGMENT: Uint8Array = buildHuffmanSegment([
  LUMINANCE_DC,
  LUMINANCE_AC,
  CHROMINANCE_DC,
  CHROMINANCE_AC,
])

/** Enough for every header segment written by `writeHeaders`. */
export const HEADER_BYTES = 2 + 18 + 134 + 19 + HUFFMAN_SEGMENT.length + 14

/** Writes everything up to the start of the entropy-coded data; the caller reserved HEADER_BYTES. */
export function writeHeaders(
  writer: BitWriter,
  width: number,
  height: number,
  tables: QuantTables,
  isSubsampled: boolean,
): void {
  writer.writeUint16(SOI)

  writer.writeUint16(APP0)
  writer.writeUint16(2 + JFIF_APP0_BODY.length)
  writer.writeBytes(JFIF_APP0_BODY)

  writer.writeUint16(DQT)
  writer.writeUint16(2 + 2 * 65)
  writer.writeUint8(0) // 8-bit precision, table 0
  writer.writeBytes(tables.luminance.zigzag)
  writer.writeUint8(1)
  writer.writeBytes(tables.chrominance.zigzag)

  writer.writeUint16(SOF0)
  writer.writeUint16(8 + 3 * COMPONENT_IDS.length)
  writer.writeUint8(8)
  writer.writeUint16(height)
  writer.writeUint16(width)
  writer.writeUint8(COMPONENT_IDS.length)
  for (const id of COMPONENT_IDS) {
    const isLuma = id === 1
    writer.writeUint8(id)
    writer.writeUint8(isLuma && isSubsampled ? 0x22 : 0x11) // horizontal << 4 | vertical
    writer.writeUint8(isLuma ? 0 : 1) // quantisation table
  }

  writer.writeBytes(HUFFMAN_SEGMENT)

  writer.writeUint16(SOS)
  writer.writeUint16(6 + 2 * COMPONENT_IDS.length)
  writer.writeUint8(COMPONENT_IDS.length)
  for (const id of COMPONENT_IDS) {
    writer.writeUint8(id)
    writer.writeUint8(id === 1 ? 0x00 : 0x11) // DC table << 4 | AC table
  }
  writer.writeUint8(0) // spectral selection start
  writer.writeUint8(63) // spectral selection end
  writer.writeUint8(0) // successive approximation
}

/** Writes EOI; the caller reserved two bytes. */
export function writeEnd(writer: BitWriter): void {
  writer.writeUint16(EOI)
}

function buildHuffmanSegment(specs: readonly HuffmanSpec[]): Uint8Array {
  const body: number[] = []
  for (const spec of specs) {
    body.push(((spec.class === 'ac' ? 1 : 0) << 4) | spec.id, ...spec.counts, ...spec.symbols)
  }
  const length = 2 + body.length
  return Uint8Array.from([DHT >> 8, DHT & 0xff, length >> 8, length & 0xff, ...body])
}
