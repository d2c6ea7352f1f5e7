/**
 * Small stand-ins for the agent builds: real files of bytes holding the deployment slot the
 * agent build leaves (packages/agent/src/deployment/slot.ts), the Windows one a minimal but
 * valid PE32+ image so osslsigncode can sign it.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { DEPLOYMENT_MARKER, DEPLOYMENT_SLOT_BYTES } from '../deployment-slot.js'

/** The unpatched slot, exactly as the agent bundle has it. */
export function unpatchedSlot(): Buffer {
  const slot = Buffer.alloc(DEPLOYMENT_SLOT_BYTES, 0x20)
  DEPLOYMENT_MARKER.copy(slot)
  return slot
}

/** Random "code" around one slot. */
export function fakeProgram(bytes = 256 * 1024): Buffer {
  const half = Math.floor(bytes / 2)
  // Half random, half repetitive, so the compressed sizes differ from the raw one.
  return Buffer.concat([randomBytes(half), unpatchedSlot(), Buffer.alloc(half, 'tasuke ')])
}

const FILE_ALIGNMENT = 0x200
const SECTION_ALIGNMENT = 0x1000

/** A PE32+ (x64) image with one section holding `payload`: enough for osslsigncode. */
export function minimalPe(payload: Buffer): Buffer {
  const rawSize = Math.ceil(payload.length / FILE_ALIGNMENT) * FILE_ALIGNMENT
  const image = Buffer.alloc(FILE_ALIGNMENT + rawSize)
  image.write('MZ', 0, 'latin1')
  image.writeUInt32LE(0x40, 0x3c)
  image.write('PE\0\0', 0x40, 'latin1')
  const coff = 0x44
  image.writeUInt16LE(0x8664, coff) // x64
  image.writeUInt16LE(1, coff + 2) // one section
  image.writeUInt16LE(240, coff + 16) // PE32+ optional header with 16 directories
  image.writeUInt16LE(0x0022, coff + 18) // executable, large-address aware
  const opt = coff + 20
  image.writeUInt16LE(0x20b, opt)
  image.writeUInt32LE(rawSize, opt + 4)
  image.writeUInt32LE(SECTION_ALIGNMENT, opt + 16) // entry point
  image.writeUInt32LE(SECTION_ALIGNMENT, opt + 20) // base of code
  image.writeBigUInt64LE(0x140000000n, opt + 24)
  image.writeUInt32LE(SECTION_ALIGNMENT, opt + 32)
  image.writeUInt32LE(FILE_ALIGNMENT, opt + 36)
  image.writeUInt16LE(6, opt + 40)
  image.writeUInt16LE(6, opt + 48)
  const imageSize = SECTION_ALIGNMENT + Math.ceil(rawSize / SECTION_ALIGNMENT) * SECTION_ALIGNMENT
  image.writeUInt32LE(imageSize, opt + 56)
  image.writeUInt32LE(FILE_ALIGNMENT, opt + 60) // size of headers
  image.writeUInt16LE(3, opt + 68) // console subsystem
  image.writeUInt16LE(0x8160, opt + 70)
  image.writeBigUInt64LE(0x100000n, opt + 72)
  image.writeBigUInt64LE(0x1000n, opt + 80)
  image.writeBigUInt64LE(0x100000n, opt + 88)
  image.writeBigUInt64LE(0x1000n, opt + 96)
  image.writeUInt32LE(16, opt + 108)
  const section = opt + 240
  image.write('.text', section, 'latin1')
  image.writeUInt32LE(payload.length, section + 8)
  image.writeUInt32LE(SECTION_ALIGNMENT, section + 12)
  image.writeUInt32LE(rawSize, section + 16)
  image.writeUInt32LE(FILE_ALIGNMENT, section + 20)
  image.writeUInt32LE(0x60000020, section + 36)
  payload.copy(image, FILE_ALIGNMENT)
  return image
}

/** Writes both builds into `dir` under the names build-executable.ts uses. */
export function writeFakeBuilds(dir: string): { linux: Buffer; windows: Buffer } {
  mkdirSync(dir, { recursive: true })
  const linux = fakeProgram()
  const windows = minimalPe(fakeProgram(64 * 1024))
  writeFileSync(join(dir, 'tasuke-agent-linux-x64'), linux)
  writeFileSync(join(dir, 'tasuke-agent-win-x64.exe'), windows)
  return { linux, windows }
}
