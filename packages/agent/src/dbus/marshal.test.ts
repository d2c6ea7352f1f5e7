import { describe, expect, it } from 'vitest'

import { DBusProtocolError } from './errors.js'
import { decodeMessage, encodeMessage, frameLength, type DBusMessage } from './message.js'
import { ByteReader } from './reader.js'
import { parseSignature, signatureOf } from './signature.js'
import { type DBusValue, variant } from './values.js'
import { ByteWriter } from './writer.js'

const write = (signature: string, values: readonly DBusValue[]) => {
  const writer = new ByteWriter()
  writer.write(signature, values)
  return writer.toBytes()
}
const read = (signature: string, bytes: Uint8Array) => {
  const reader = new ByteReader(bytes, true)
  const values = reader.read(signature)
  expect(reader.isDone).toBe(true)
  return values
}
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('signatures', () => {
  it('parse into complete types and print back', () => {
    for (const text of ['', 'y', 'a{sv}', '(ia(ss)v)', 'aai', 'a{oa{sa{sv}}}', 'ybnqiuxtdsog']) {
      expect(parseSignature(text).map(signatureOf).join('')).toBe(text)
    }
  })

  it('refuse unknown codes, bad brackets, misplaced dict entries and too deep nesting', () => {
    for (const bad of [
      'z',
      '(',
      '(i',
      ')',
      '()',
      'a',
      '{sv}',
      'a{vs}',
      'a{s}',
      'a{sss}',
      'a'.repeat(33) + 'i',
      '('.repeat(33) + 'i' + ')'.repeat(33),
      'h',
      's'.repeat(256),
    ]) {
      expect(() => parseSignature(bad), bad).toThrow(DBusProtocolError)
    }
  })
})

describe('marshalling', () => {
  it('lays out basic types little-endian at their alignment', () => {
    // y then u: three bytes of padding before the u.
    expect(hex(write('yu', [1, 0x01020304]))).toBe('01000000' + '04030201')
    // y then t: seven bytes of padding.
    expect(hex(write('yt', [0xff, 1n]))).toBe('ff00000000000000' + '0100000000000000')
    // y then n: one byte of padding; negative in two's complement.
    expect(hex(write('yn', [0, -2]))).toBe('0000' + 'feff')
    expect(hex(write('s', ['ab']))).toBe('02000000' + '616200')
    expect(hex(write('g', ['a{sv}']))).toBe('05' + '617b73767d00')
    expect(hex(write('b', [true]))).toBe('01000000')
    expect(hex(write('o', ['/a']))).toBe('02000000' + '2f6100')
  })

  it('does not count the padding before the first element in an array length', () => {
    // at: length 16, then 4 bytes of padding to 8, then two 8-byte elements.
    expect(hex(write('at', [[1n, 2n]]))).toBe(
      '10000000' + '00000000' + '0100000000000000' + '0200000000000000',
    )
    // An empty array of structs still pads to the element alignment.
    expect(hex(write('a(i)', [[]]))).toBe('00000000' + '00000000')
  })

  it('round-trips every type, nested', () => {
    const cases: [string, DBusValue[]][] = [
      [
        'ybnqiuxtd',
        [255, true, -32768, 65535, -2147483648, 4294967295, -(2n ** 63n), 2n ** 64n - 1n, 1.5],
      ],
      ['sog', ['日本語 中止', '/StatusNotifierItem', 'a(iiay)']],
      [
        'a{sv}',
        [
          [
            ['Id', variant('s', 'tasuke')],
            ['Pixmap', variant('a(iiay)', [[2, 1, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]])],
          ],
        ],
      ],
      ['(ia{sv}av)', [[7, [['label', variant('s', 'x')]], [variant('(ia{sv}av)', [1, [], []])]]]],
      ['ay', [new Uint8Array([0, 1, 255])]],
      ['aai', [[[1], [], [2, 3]]]],
      ['v', [variant('v', variant('d', -0.25))]],
    ]
    for (const [signature, values] of cases) {
      expect(read(signature, write(signature, values)), signature).toEqual(values)
    }
  })

  it('refuses values that do not fit their type', () => {
    const bad: [string, DBusValue[]][] = [
      ['y', [256]],
      ['i', [1.5]],
      ['u', [-1]],
      ['x', [1]],
      ['t', [-1n]],
      ['s', [1]],
      ['s', ['a\0b']],
      ['o', ['relative']],
      ['g', ['(']],
      ['(ii)', [[1]]],
      ['v', ['plain']],
      ['ai', [new Uint8Array([1])]],
      ['ss', ['one']],
    ]
    for (const [signature, values] of bad) {
      expect(() => write(signature, values), signature).toThrow(DBusProtocolError)
    }
  })
})

describe('reading hostile bytes', () => {
  const refuse = (signature: string, bytes: number[]) => {
    expect(() => new ByteReader(new Uint8Array(bytes), true).read(signature), signature).toThrow(
      DBusProtocolError,
    )
  }

  it('refuses truncation, bad padding, bad booleans, unterminated or non-UTF-8 strings', () => {
    refuse('u', [1, 0, 0])
    refuse('yu', [1, 1, 0, 0, 4, 3, 2, 1])
    refuse('b', [2, 0, 0, 0])
    refuse('s', [2, 0, 0, 0, 0x61, 0x62, 0x63])
    refuse('s', [2, 0, 0, 0, 0x61, 0x62])
    refuse('s', [2, 0, 0, 0, 0xff, 0xfe, 0])
    refuse('s', [2, 0, 0, 0, 0x61, 0, 0])
    refuse('o', [1, 0, 0, 0, 0x61, 0])
    refuse('g', [1, 0x7a, 0])
    refuse('v', [1, 0x28, 0])
  })

  it('refuses arrays longer than the message or than 64 MiB, and elements overrunning them', () => {
    refuse('ay', [0xff, 0xff, 0xff, 0x7f, 1])
    refuse('ay', [0, 0, 0, 0x05])
    refuse('ai', [2, 0, 0, 0, 1, 0, 0, 0])
    refuse('ai', [6, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0])
  })

  it('refuses variants nested past the limit', () => {
    const bytes: number[] = []
    for (let depth = 0; depth < 70; depth += 1) bytes.push(1, 0x76, 0)
    bytes.push(1, 0x79, 0, 7)
    refuse('v', bytes)
  })
})

describe('messages', () => {
  const call: DBusMessage = {
    type: 'method-call',
    serial: 7,
    flags: 0,
    destination: 'org.kde.StatusNotifierWatcher',
    path: '/StatusNotifierWatcher',
    interface: 'org.kde.StatusNotifierWatcher',
    member: 'RegisterStatusNotifierItem',
    signature: 's',
    body: ['/StatusNotifierItem'],
  }

  it('round-trip with their header fields; the body starts 8-aligned', () => {
    const bytes = encodeMessage(call)
    expect(frameLength(bytes)).toBe(bytes.length)
    expect(decodeMessage(bytes)).toEqual(call)
    const bodyLength = new DataView(bytes.buffer).getUint32(4, true)
    expect((bytes.length - bodyLength) % 8).toBe(0)
    const error: DBusMessage = {
      type: 'error',
      serial: 8,
      flags: 1,
      replySerial: 7,
      errorName: 'org.freedesktop.DBus.Error.UnknownMethod',
      sender: ':1.1',
      signature: 's',
      body: ['no'],
    }
    expect(decodeMessage(encodeMessage(error))).toEqual(error)
  })

  it('decode big-endian messages too', () => {
    // A big-endian METHOD_RETURN, serial 2, reply to 1, no body: fields a(yv) = [(5, v u 1)].
    const bytes = new Uint8Array([
      0x42, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 8, 5, 1, 0x75, 0, 0, 0, 0, 1,
    ])
    expect(frameLength(bytes)).toBe(24)
    expect(decodeMessage(bytes)).toEqual({
      type: 'method-return',
      serial: 2,
      flags: 0,
      replySerial: 1,
      signature: '',
      body: [],
    })
  })

  it('refuse bad byte order, huge lengths, missing required fields, wrong field types', () => {
    const good = encodeMessage(call)
    const mutate = (at: number, value: number) => {
      const copy = good.slice()
      copy[at] = value
      return copy
    }
    expect(() => frameLength(mutate(0, 0x58))).toThrow(DBusProtocolError)
    expect(() => frameLength(mutate(7, 0x7f))).toThrow(/too large/)
    expect(() => decodeMessage(mutate(1, 9))).toThrow(/unknown message type/)
    expect(() => decodeMessage(mutate(3, 2))).toThrow(/version/)
    expect(() => decodeMessage(good.subarray(0, good.length - 1))).toThrow(DBusProtocolError)
    // A METHOD_RETURN relabelled as a signal has no path, interface or member.
    const reply = encodeMessage({
      type: 'method-return',
      serial: 1,
      flags: 0,
      replySerial: 1,
      signature: '',
      body: [],
    })
    reply[1] = 4
    expect(() => decodeMessage(reply)).toThrow(/without a path/)
  })

  it('never throw anything but DBusProtocolError on random or corrupted bytes', () => {
    const good = encodeMessage({
      ...call,
      signature: 'sa{sv}',
      body: ['x', [['a', variant('ai', [1, 2])]]],
    })
    let seed = 42
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed
    }
    for (let round = 0; round < 5000; round += 1) {
      const bytes = good.slice()
      const flips = 1 + (random() % 4)
      for (let flip = 0; flip < flips; flip += 1) bytes[random() % bytes.length] = random() & 0xff
      try {
        const length = frameLength(bytes)
        if (length !== null && length <= bytes.length) decodeMessage(bytes.subarray(0, length))
      } catch (error) {
        expect(error).toBeInstanceOf(DBusProtocolError)
      }
    }
  })
})
