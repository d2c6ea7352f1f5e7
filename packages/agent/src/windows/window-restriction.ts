/**
 * The customer's choice of applications to show (DESIGN.md S15, SPEC.md P10), applied to the
 * live window list: whether the restriction is on, the region the operator may see, and
 * whether key presses would reach a chosen application. One per agent run; the consent
 * window changes it, the capture, the input and the pairing follow it.
 * @module
 */
import { type Application, listApplications, shownWindows } from './applications.js'
import type { Region } from './region.js'
import { visibleRegion } from './visible-region.js'
import type { WindowSource } from './window-source.js'

export const ShowMode = { WholeScreen: 'whole-screen', Chosen: 'chosen' } as const
export type ShowMode = (typeof ShowMode)[keyof typeof ShowMode]

/** What the consent window shows and sets. */
export interface ApplicationChoice {
  readonly mode: ShowMode
  /** Ids of the chosen applications that are open now. */
  readonly chosen: readonly string[]
  /** The open applications, topmost first. */
  readonly applications: readonly Application[]
}

/** At most this many chosen ids are kept (a choice is a few applications, not thousands). */
export const MAX_CHOSEN_APPLICATIONS = 64

export interface WindowRestriction {
  /** Whether only chosen applications are shown now. */
  readonly isOn: boolean
  choice(): ApplicationChoice
  /** Applies a new choice at once; unknown ids are kept (they may be about to open). */
  setChoice(mode: ShowMode, chosen: readonly string[]): void
  /** What the operator may see, in desktop coordinates; `null` while the restriction is off. */
  visibleRegion(): Region | null
  /** Resolves once the region reflects every window change made before the call. */
  settle(): Promise<void>
  /** Called after the choice, the window list or the region changed. */
  onChange(listener: () => void): () => void
  /** Whether a key pressed now would reach a chosen application (always, while off). */
  canType(): Promise<boolean>
  close(): Promise<void>
}

/**
 * A restriction over `openSource`'s windows, off until the customer turns it on. Without a
 * window source (it failed to open) the customer can still turn it on: then everything is
 * masked and no key gets through.
 */
export function createWindowRestriction(
  openSource: () => Promise<WindowSource>,
  log: (line: string) => void,
): WindowRestriction {
  let mode: ShowMode = ShowMode.WholeScreen
  let chosen = new Set<string>()
  let source: WindowSource | null = null
  let region: Region | null = null
  let isClosed = false
  const listeners = new Set<() => void>()

  const notify = () => {
    for (const listener of [...listeners]) listener()
  }
  const computeRegion = (): Region | null => {
    if (mode === ShowMode.WholeScreen) return null
    if (source === null) return []
    return visibleRegion(source.windows(), chosen, source.desktop())
  }
  const update = () => {
    region = computeRegion()
    notify()
  }
  // Listeners hear of every window change (a title, a move): they compare what they show.
  const opening = openSource().then(
    (opened) => {
      if (isClosed) {
        void opened.close()
        return
      }
      source = opened
      opened.onChange(update)
      update()
    },
    (error: unknown) => {
      log(
        `the window list is not available: ${error instanceof Error ? error.message : String(error)}`,
      )
    },
  )

  return {
    get isOn() {
      return mode === ShowMode.Chosen
    },
    choice() {
      const applications = source === null ? [] : listApplications(source.windows())
      const open = new Set(applications.map((app) => app.id))
      return { mode, chosen: [...chosen].filter((id) => open.has(id)), applications }
    },
    setChoice(nextMode, nextChosen) {
      mode = nextMode
      chosen = new Set(nextChosen.slice(0, MAX_CHOSEN_APPLICATIONS))
      update()
    },
    visibleRegion: () => region,
    async settle() {
      await opening
      if (source === null || mode === ShowMode.WholeScreen) return
      // The source tells `update` of every change it reads before this resolves.
      await source.settle()
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async canType() {
      if (mode === ShowMode.WholeScreen) return true
      await opening
      if (source === null) return false
      const target = await source.keyboardWindow().catch(() => null)
      if (target === null) return false
      return shownWindows(source.windows(), chosen).has(target)
    },
    async close() {
      isClosed = true
      listeners.clear()
      await opening
      await source?.close()
    },
  }
}
