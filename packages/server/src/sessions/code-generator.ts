/**
 * Issues the 8-digit session number (DESIGN.md S2): drawn from a CSPRNG and claimed through
 * `claim`, which inserts the session and its live_codes row in one transaction and answers
 * false when another live session holds the number (live numbers are unique across tenants).
 * A clash is retried with a fresh draw, a bounded number of times.
 */
import { randomInt } from 'node:crypto'

import { SESSION_CODE_LENGTH } from '@tasuke/protocol'

/** Returns an integer in [min, max); `crypto.randomInt` in production. */
export type RandomInt = (min: number, max: number) => number

const CODE_SPACE = 10 ** SESSION_CODE_LENGTH
export const MAX_CODE_TRIES = 20

/** No free number was found in MAX_CODE_TRIES draws (the service is saturated). */
export class CodeSpaceExhaustedError extends Error {
  override readonly name = 'CodeSpaceExhaustedError'
  constructor() {
    super(`no free session number after ${MAX_CODE_TRIES} draws`)
  }
}

export function generateSessionCode(random: RandomInt = randomInt): string {
  return String(random(0, CODE_SPACE)).padStart(SESSION_CODE_LENGTH, '0')
}

/** Draws numbers until `claim` accepts one; returns it. */
export async function issueSessionCode(
  claim: (code: string) => Promise<boolean>,
  random: RandomInt = randomInt,
): Promise<string> {
  for (let attempt = 0; attempt < MAX_CODE_TRIES; attempt++) {
    const code = generateSessionCode(random)
    if (await claim(code)) return code
  }
  throw new CodeSpaceExhaustedError()
}
