import { describe, expect, it } from 'vitest'

import { PathProblem, pathProblem } from './file-path'

describe('the console’s check of a path it sends', () => {
  it('[T6] takes plain names, sub-folders and Japanese names', () => {
    for (const path of [
      'report.pdf',
      'photos/2026/夏 休み.jpg',
      '見積書.xlsx',
      '.bashrc',
      'a..b',
    ]) {
      expect(pathProblem(path), path).toBeNull()
    }
  })

  it('[T6] refuses every kind of hostile path with its reason', () => {
    const cases: readonly (readonly [string, PathProblem])[] = [
      ['', PathProblem.Empty],
      ['x'.repeat(4097), PathProblem.TooLong],
      ['/etc/passwd', PathProblem.Absolute],
      ['C:evil.txt', PathProblem.Absolute],
      ['a\\b.txt', PathProblem.Backslash],
      ['bad\u0000name', PathProblem.ControlCharacter],
      ['line\nbreak', PathProblem.ControlCharacter],
      ['a//b', PathProblem.EmptySegment],
      ['folder/', PathProblem.EmptySegment],
      ['../outside.txt', PathProblem.DotSegment],
      ['a/./b', PathProblem.DotSegment],
      ['CON', PathProblem.Reserved],
      ['docs/lpt1.txt', PathProblem.Reserved],
      ['Nul.tar.gz', PathProblem.Reserved],
      ['name.', PathProblem.TrailingDotOrSpace],
      ['name ', PathProblem.TrailingDotOrSpace],
      ['あ'.repeat(86), PathProblem.SegmentTooLong],
    ]
    for (const [path, problem] of cases) expect(pathProblem(path), path).toBe(problem)
  })

  it('[T6] counts a segment’s length in UTF-8 bytes (255 at most)', () => {
    expect(pathProblem('あ'.repeat(85))).toBeNull()
    expect(pathProblem('a'.repeat(255))).toBeNull()
    expect(pathProblem('a'.repeat(256))).toBe(PathProblem.SegmentTooLong)
  })
})
