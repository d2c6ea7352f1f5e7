/**
 * The input backend opens once the customer has accepted, and may fail to open (no display,
 * no XTEST). Until it is there input waits; if it never comes, input is ignored (the screen is
 * still shared) and the reason is logged once.
 */
import type { InputBackend } from '../input/input.js'

export interface LazyInput {
  readonly backend: InputBackend
  /** Releases what is held and closes the real backend, if it ever opened. */
  close(): Promise<void>
}

export function lazyInput(
  open: () => Promise<InputBackend>,
  log: (line: string) => void,
): LazyInput {
  const opened: Promise<InputBackend | null> = open().catch((error: unknown) => {
    log(`remote input is not available: ${error instanceof Error ? error.message : String(error)}`)
    return null
  })
  const call = (run: (backend: InputBackend) => Promise<void>) => async (): Promise<void> => {
    const backend = await opened
    if (backend !== null) await run(backend)
  }
  const backend: InputBackend = {
    movePointer: (x, y) => call((b) => b.movePointer(x, y))(),
    buttonDown: (button) => call((b) => b.buttonDown(button))(),
    buttonUp: (button) => call((b) => b.buttonUp(button))(),
    wheel: (x, y) => call((b) => b.wheel(x, y))(),
    keyDown: (key) => call((b) => b.keyDown(key))(),
    keyUp: (key) => call((b) => b.keyUp(key))(),
    ctrlAltDelete: () => call((b) => b.ctrlAltDelete())(),
    releaseAll: () => call((b) => b.releaseAll())(),
    close: () => call((b) => b.close())(),
  }
  return {
    backend,
    close: async () => {
      const real = await opened
      if (real === null) return
      try {
        await real.releaseAll()
      } finally {
        await real.close()
      }
    },
  }
}
