/**
 * Operator passwords: argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane).
 * Verification never throws: a malformed stored hash simply does not match.
 */
import { randomBytes } from 'node:crypto'

import argon2 from 'argon2'

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 200

export interface PasswordHashParams {
  readonly memoryCostKiB: number
  readonly timeCost: number
  readonly parallelism: number
}

/** OWASP Password Storage Cheat Sheet, argon2id option 2 (m=19 MiB, t=2, p=1). */
export const OWASP_ARGON2ID_PARAMS: PasswordHashParams = {
  memoryCostKiB: 19_456,
  timeCost: 2,
  parallelism: 1,
}

export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(storedHash: string, password: string): Promise<boolean>
  /** Spends the time of a real verification, so an unknown account is not told by timing. */
  verifyDummy(password: string): Promise<void>
}

export function createPasswordHasher(
  params: PasswordHashParams = OWASP_ARGON2ID_PARAMS,
): PasswordHasher {
  const options: argon2.HashOptions = {
    type: argon2.argon2id,
    memoryCost: params.memoryCostKiB,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  }
  const hash = (password: string) => argon2.hash(password, options)
  const verify = async (storedHash: string, password: string) => {
    try {
      return await argon2.verify(storedHash, password)
    } catch {
      return false
    }
  }
  let dummyHash: Promise<string> | null = null
  return {
    hash,
    verify,
    async verifyDummy(password) {
      dummyHash ??= hash(randomBytes(16).toString('base64url'))
      await verify(await dummyHash, password)
    },
  }
}

/** The hasher the server uses. */
export const defaultPasswordHasher = createPasswordHasher()
