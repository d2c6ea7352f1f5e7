/** Loads configurations against a temporary DATA_DIR, made before a test file and removed after. */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll } from 'vitest'

import { type LoadedConfig, loadConfig } from '../load.js'
import { ConfigError } from '../parse-helpers.js'

export type Env = Record<string, string | undefined>

export interface ConfigFixture {
  /** The temporary DATA_DIR (set once beforeAll has run). */
  readonly dir: string
  /** loadConfig with DATA_DIR set to `dir` unless env names another. */
  readonly load: (env?: Env, argv?: string[]) => LoadedConfig
  /** The list of problems a bad configuration reports. */
  readonly problems: (env: Env, argv?: string[]) => string[]
}

/** Call at the top of a test file. */
export function useConfigFixture(): ConfigFixture {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tasuke-config-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const load = (env: Env = {}, argv: string[] = []): LoadedConfig =>
    loadConfig({ DATA_DIR: dir, ...env }, argv)
  const problems = (env: Env, argv: string[] = []): string[] => {
    try {
      load(env, argv)
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems]
      throw error
    }
    throw new Error('expected a ConfigError')
  }
  return {
    get dir() {
      return dir
    },
    load,
    problems,
  }
}

export const base64Key = (): string => randomBytes(32).toString('base64')

/** All four data-encryption keys, in each accepted encoding. */
export const allKeys = (): Env => ({
  EMAIL_ENCRYPTION_KEY: base64Key(),
  EMAIL_INDEX_KEY: randomBytes(32).toString('hex'),
  CHAT_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
  TOTP_ENCRYPTION_KEY: base64Key(),
})
