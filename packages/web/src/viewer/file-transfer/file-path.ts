/**
 * The console's own check of a path it is about to send (SPEC.md T6), so the operator learns
 * at once why a file cannot go, before anything crosses the wire. The agent checks again.
 */
import { FILE_PATH_MAX_LENGTH } from '@tasuke/protocol'

/** Why a path is refused; the console shows a sentence for each. */
export const PathProblem = {
  Empty: 'empty',
  TooLong: 'too-long',
  Absolute: 'absolute',
  EmptySegment: 'empty-segment',
  DotSegment: 'dot-segment',
  Backslash: 'backslash',
  ControlCharacter: 'control-character',
  Reserved: 'reserved',
  TrailingDotOrSpace: 'trailing-dot-or-space',
  SegmentTooLong: 'segment-too-long',
} as const
/** A value of {@link PathProblem}. */
export type PathProblem = (typeof PathProblem)[keyof typeof PathProblem]

const SEGMENT_MAX_UTF8_BYTES = 255
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i
const DRIVE = /^[A-Za-z]:/
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/

const encoder = new TextEncoder()

/** The first problem of a relative, `/`-separated path, or null when the agent may take it. */
export function pathProblem(path: string): PathProblem | null {
  if (path.length === 0) return PathProblem.Empty
  if (path.length > FILE_PATH_MAX_LENGTH) return PathProblem.TooLong
  if (path.startsWith('/') || DRIVE.test(path)) return PathProblem.Absolute
  if (path.includes('\\')) return PathProblem.Backslash
  if (CONTROL.test(path)) return PathProblem.ControlCharacter
  for (const segment of path.split('/')) {
    if (segment === '') return PathProblem.EmptySegment
    if (segment === '.' || segment === '..') return PathProblem.DotSegment
    if (RESERVED.test(segment)) return PathProblem.Reserved
    if (segment.endsWith('.') || segment.endsWith(' ')) return PathProblem.TrailingDotOrSpace
    if (encoder.encode(segment).byteLength > SEGMENT_MAX_UTF8_BYTES) {
      return PathProblem.SegmentTooLong
    }
  }
  return null
}
