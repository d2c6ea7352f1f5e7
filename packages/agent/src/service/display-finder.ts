/**
 * Which display the installed service shares: the one device.json names or, when that one
 * does not answer (after a restart the desktop may come back on another display number, or
 * with a new authority file per login as with SDDM), one the desktop's programs run on
 * (display-candidates.ts; only when the service runs as root), tried for real. What answers
 * is set as `DISPLAY` and `XAUTHORITY` in `env` — the process's own environment, which the
 * session's X connections read.
 * @module
 */
import { type DisplayCandidate, displayCandidates } from '../x11/display-candidates.js'
import { displayAnswers } from '../x11/display-probe.js'

interface DisplayPair {
  readonly display: string | null
  readonly xauthority: string | null
}

export interface DisplayFinderOptions {
  /** Where DISPLAY and XAUTHORITY are set: `process.env` in the service. */
  readonly env: NodeJS.ProcessEnv
  /** What device.json names (null: what `env` has). */
  readonly configured: DisplayPair
  readonly log: (line: string) => void
  /** The displays the desktop's programs run on (tests give their own). */
  readonly candidates?: (preferred: string | null) => Promise<DisplayCandidate[]>
  /** Whether a display answers with the XAUTHORITY now in `env`. */
  readonly answers?: (display: string) => Promise<boolean>
}

/** Answers whether a display answers now, switching `env` to one that does when needed. */
export function displayFinder(options: DisplayFinderOptions): () => Promise<boolean> {
  const { env, log } = options
  // Only a service running as root looks: it alone may read other users' programs, and a
  // service run by hand (or by a test) must not wander onto another display of its own user.
  const isRoot = process.getuid?.() === 0
  const candidates =
    options.candidates ??
    ((preferred) => (isRoot ? displayCandidates(preferred) : Promise.resolve([])))
  const answers = options.answers ?? ((display) => displayAnswers(display))
  const configured: DisplayPair = {
    display: options.configured.display ?? nonEmpty(env['DISPLAY']),
    xauthority: options.configured.xauthority ?? nonEmpty(env['XAUTHORITY']),
  }
  let current = configured

  const use = (pair: DisplayPair): void => {
    if (pair.display === null) delete env['DISPLAY']
    else env['DISPLAY'] = pair.display
    if (pair.xauthority === null) delete env['XAUTHORITY']
    else env['XAUTHORITY'] = pair.xauthority
  }
  const isCurrent = (pair: DisplayPair): boolean =>
    pair.display === current.display && pair.xauthority === current.xauthority

  return async () => {
    use(current)
    if (current.display !== null && (await answers(current.display))) return true
    for (const candidate of await candidates(configured.display)) {
      if (isCurrent(candidate)) continue
      use(candidate)
      if (await answers(candidate.display)) {
        log(
          `the display ${current.display ?? '(none)'} does not answer; using ${candidate.display}` +
            ` (XAUTHORITY ${candidate.xauthority ?? 'none'}), where uid ${candidate.uid}'s programs run`,
        )
        current = { display: candidate.display, xauthority: candidate.xauthority }
        return true
      }
    }
    use(current)
    return false
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value
}
