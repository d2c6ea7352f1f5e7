/**
 * The X displays the programs of this computer's users run on, read from `/proc/<pid>/environ`
 * (the service runs as root and may read every process's): each local `DISPLAY` (`:N` or
 * `:N.S`) with the `XAUTHORITY` beside it; root's own programs do not count. After a restart the desktop may have another display number
 * or, as with SDDM, a new authority file per login: the installed service finds them here when
 * the ones named at install no longer answer.
 * @module
 */
import { readdir, readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'

export interface DisplayCandidate {
  /** e.g. `:0`. */
  readonly display: string
  /** The authority file beside it, or null when the programs had none. */
  readonly xauthority: string | null
  /** The owner of the programs (the first one seen). */
  readonly uid: number
  /** How many programs run with this pair. */
  readonly programs: number
}

/** Processes read at most (a busy desktop has a few hundred). */
const MAX_PROCESSES = 8_192
/** Bytes of one process's environment read at most. */
const MAX_ENVIRON_BYTES = 128 * 1024
/** The first login of a person on most Linux distributions; lower ids are system accounts. */
const FIRST_PERSON_UID = 1_000

const LOCAL_DISPLAY = /^:\d{1,5}(\.\d{1,3})?$/

/**
 * Every local display a process runs on, with its authority file: `preferred` first, then
 * those of people (uid ≥ 1000) before system accounts (a login screen), then the most used.
 */
export async function displayCandidates(
  preferred: string | null,
  procRoot = '/proc',
): Promise<DisplayCandidate[]> {
  const names = await readdir(procRoot).catch(() => [] as string[])
  const found = new Map<string, DisplayCandidate>()
  for (const name of names.filter((entry) => /^\d+$/.test(entry)).slice(0, MAX_PROCESSES)) {
    const seen = await readProcess(join(procRoot, name))
    if (seen === null) continue
    const key = `${seen.display}\u0000${seen.xauthority ?? ''}`
    const earlier = found.get(key)
    found.set(key, { ...(earlier ?? seen), programs: (earlier?.programs ?? 0) + 1 })
  }
  const isPreferred = (candidate: DisplayCandidate) =>
    screenless(candidate.display) === screenless(preferred ?? '') ? 0 : 1
  const isSystem = (candidate: DisplayCandidate) => (candidate.uid >= FIRST_PERSON_UID ? 0 : 1)
  return [...found.values()].sort(
    (a, b) =>
      isPreferred(a) - isPreferred(b) || isSystem(a) - isSystem(b) || b.programs - a.programs,
  )
}

/** `:0.0` and `:0` are the same server. */
function screenless(display: string): string {
  return display.replace(/\.\d+$/, '')
}

async function readProcess(dir: string): Promise<Omit<DisplayCandidate, 'programs'> | null> {
  try {
    const [environ, status] = await Promise.all([
      readFile(join(dir, 'environ')),
      readFile(join(dir, 'status'), 'utf8'),
    ])
    const variables = new Map<string, string>()
    for (const entry of environ.subarray(0, MAX_ENVIRON_BYTES).toString('utf8').split('\0')) {
      const equals = entry.indexOf('=')
      if (equals > 0) variables.set(entry.slice(0, equals), entry.slice(equals + 1))
    }
    const display = variables.get('DISPLAY') ?? ''
    if (!LOCAL_DISPLAY.test(display)) return null
    const xauthority = variables.get('XAUTHORITY') ?? ''
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? NaN)
    // Root's programs are no desktop to share: the service itself (DISPLAY as configured),
    // what was started with sudo, test and system X clients.
    if (!Number.isInteger(uid) || uid === 0) return null
    return { display, xauthority: isAbsolute(xauthority) ? xauthority : null, uid }
  } catch {
    // Gone meanwhile, or not ours to read.
    return null
  }
}
