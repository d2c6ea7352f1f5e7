import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Polls `probe` until it returns a value other than `undefined`, or throws after `timeoutMs`.
 * Tests wait for conditions this way and never assert timings.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}
