/**
 * The check every name the operator sends must pass before anything is written (SPEC.md T6):
 * a relative, `/`-separated path whose every segment is a plain file name on any system.
 * @module
 */

/** The longest path accepted, in characters (SPEC.md T6). */
export const SAFE_PATH_MAX_LENGTH = 4096

/** The longest segment accepted, in UTF-8 bytes (what ext4, NTFS and APFS allow). */
export const SAFE_SEGMENT_MAX_BYTES = 255

/** The path's segments, or why it is refused (plain English, for `file-result` detail). */
export type SafePathResult =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly detail: string }

// Device names Windows resolves anywhere, with or without an extension, in any case.
const RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i
// C0 controls, DEL and the C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

const encoder = new TextEncoder()

/** Checks a received relative path segment by segment. Never throws. */
export function checkRelativePath(path: string): SafePathResult {
  if (typeof path !== 'string' || path.length === 0) return refuse('the name is empty')
  if (path.length > SAFE_PATH_MAX_LENGTH) {
    return refuse(`the path has ${path.length} characters, more than ${SAFE_PATH_MAX_LENGTH}`)
  }
  if (path.includes('\\')) return refuse('the path contains a backslash (\\)')
  if (path.startsWith('/')) return refuse('the path is absolute (it starts with /)')
  if (/^[A-Za-z]:/.test(path)) return refuse('the path starts with a drive letter')
  const segments = path.split('/')
  for (const [index, segment] of segments.entries()) {
    const problem = segmentProblem(segment)
    if (problem !== null) return refuse(`segment ${index + 1} ${problem}`)
  }
  return { ok: true, segments }
}

/** What is wrong with one segment, or null when it is a plain name. */
export function segmentProblem(segment: string): string | null {
  if (segment.length === 0) return 'is empty (two slashes in a row or a slash at the end)'
  if (segment === '.' || segment === '..') return `is "${segment}", which names another folder`
  if (CONTROL.test(segment)) return 'contains a control character or NUL'
  if (RESERVED.test(segment)) return `"${segment}" is a device name Windows reserves`
  if (/[. ]$/.test(segment)) return `"${segment}" ends in a dot or a space`
  const bytes = encoder.encode(segment).byteLength
  if (bytes > SAFE_SEGMENT_MAX_BYTES) {
    return `is ${bytes} bytes long in UTF-8, more than ${SAFE_SEGMENT_MAX_BYTES}`
  }
  return null
}

function refuse(detail: string): SafePathResult {
  return { ok: false, detail: `refused name: ${detail}` }
}
