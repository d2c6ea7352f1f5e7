/**
 * The customer's answer about browsing their files (SPEC.md T7): asked in the agent's window
 * the first time the operator browses, once per session; requests made while asking wait
 * for the answer; the customer may take it back (or give it) there at any time.
 * @module
 */
import { FileAccess } from '@tasuke/protocol'

export interface BrowseAccess {
  state(): FileAccess
  /** Whether browsing is allowed; asks the customer the first time and waits for the answer. */
  request(): Promise<boolean>
  /** The customer's answer in the window (also a later change of mind). */
  answer(isAllowed: boolean): void
  /** The session ends: waiting requests are refused. */
  close(): void
}

export function createBrowseAccess(onChange: (state: FileAccess) => void): BrowseAccess {
  let state: FileAccess = FileAccess.NotAsked
  const waiting: ((isAllowed: boolean) => void)[] = []

  const set = (next: FileAccess) => {
    if (next === state) return
    state = next
    onChange(next)
  }
  const settle = (isAllowed: boolean) => {
    for (const resolve of waiting.splice(0)) resolve(isAllowed)
  }

  return {
    state: () => state,
    request() {
      switch (state) {
        case FileAccess.Allowed:
          return Promise.resolve(true)
        case FileAccess.Refused:
          return Promise.resolve(false)
        case FileAccess.NotAsked:
          set(FileAccess.Asking)
          break
        case FileAccess.Asking:
          break
      }
      return new Promise((resolve) => waiting.push(resolve))
    },
    answer(isAllowed) {
      set(isAllowed ? FileAccess.Allowed : FileAccess.Refused)
      settle(isAllowed)
    },
    close() {
      settle(false)
    },
  }
}
