import { describe, expect, it } from 'vitest'

import { checkRelativePath, segmentProblem } from './safe-name.js'

function refusal(path: string): string {
  const result = checkRelativePath(path)
  if (result.ok) throw new Error(`"${path}" was accepted`)
  return result.detail
}

describe('received names', () => {
  it('[T6] accepts plain relative paths and splits them into segments', () => {
    expect(checkRelativePath('report.pdf')).toEqual({ ok: true, segments: ['report.pdf'] })
    expect(checkRelativePath('写真/2026 夏/IMG_0001.JPG')).toEqual({
      ok: true,
      segments: ['写真', '2026 夏', 'IMG_0001.JPG'],
    })
    for (const name of [
      '.bashrc',
      '..hidden',
      'a..b',
      'CONSOLE.txt',
      'com10',
      'lpt0',
      'nul-x',
      'x.CON',
    ]) {
      expect(checkRelativePath(name).ok, name).toBe(true)
    }
    expect(checkRelativePath('x'.repeat(255)).ok).toBe(true)
    expect(checkRelativePath('é'.repeat(127)).ok).toBe(true) // 254 bytes
  })

  it.each([
    ['', /empty/],
    ['..', /"\.\."/],
    ['.', /"\."/],
    ['../etc/passwd', /segment 1 is "\.\."/],
    ['a/../../b', /segment 2 is "\.\."/],
    ['a/./b', /segment 2 is "\."/],
    ['a//b', /segment 2 is empty/],
    ['a/', /segment 2 is empty/],
    ['/etc/passwd', /absolute/],
    ['//server/share', /absolute/],
    ['C:/Windows', /drive letter/],
    ['c:evil', /drive letter/],
    ['a\\b', /backslash/],
    ['..\\..\\evil', /backslash/],
    ['evil\u0000.txt', /control character or NUL/],
    ['line\nbreak', /control character/],
    ['tab\there', /control character/],
    ['del\u007f', /control character/],
    ['c1\u0085', /control character/],
    ['CON', /device name/],
    ['con', /device name/],
    ['Prn.txt', /device name/],
    ['aux.tar.gz', /device name/],
    ['NUL', /device name/],
    ['folder/COM1', /segment 2 "COM1" is a device name/],
    ['com9.log', /device name/],
    ['LPT1', /device name/],
    ['lpt9.', /device name|dot/],
    ['COM¹', /device name/],
    ['trailing.', /ends in a dot or a space/],
    ['trailing ', /ends in a dot or a space/],
    ['folder./x', /segment 1 .* ends in a dot/],
    ['x'.repeat(256), /256 bytes/],
    ['é'.repeat(128), /256 bytes/],
    ['😀'.repeat(64), /256 bytes/],
    [`${'a/'.repeat(2048)}b`, /more than 4096/],
  ])('[T6] refuses %j', (path, reason) => {
    const detail = refusal(path)
    expect(detail).toMatch(/^refused name: /)
    expect(detail).toMatch(reason)
  })

  it('[T6] never throws, whatever it is given', () => {
    const alphabet = ['a', '/', '.', '\\', '\u0000', ' ', ':', 'C', 'O', 'N', '\n', 'é', '😀']
    let seed = 7
    for (let i = 0; i < 2000; i++) {
      let path = ''
      const length = i % 40
      for (let j = 0; j < length; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        path += alphabet[seed % alphabet.length] ?? ''
      }
      const result = checkRelativePath(path)
      if (result.ok) {
        for (const segment of result.segments) expect(segmentProblem(segment)).toBeNull()
        expect(path.includes('..') && result.segments.includes('..')).toBe(false)
      }
    }
  })
})
