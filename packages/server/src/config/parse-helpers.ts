/**
 * What every part of the configuration shares: how a problem is reported, and the checks more
 * than one setting needs (a readable file, a service URL, a URL shown without its password).
 */
import { accessSync, constants, statSync } from 'node:fs'
import { resolve } from 'node:path'

/** Records a problem with one setting; loading goes on, so every problem is reported at once. */
export type Fail = (name: string, message: string) => void

/** A setting's trimmed value, undefined when unset or empty (a flag wins over the variable). */
export type Get = (name: string) => string | undefined

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'))
  }
}

/** `scheme://user:password@host` → `scheme://***@host`, so messages never show a password. */
export function hideCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@')
}

export function readableFile(name: string, value: string, fail: Fail): string {
  const path = resolve(value)
  try {
    accessSync(path, constants.R_OK)
    if (!statSync(path).isFile()) fail(name, `"${path}" is not a file`)
  } catch {
    fail(name, `cannot read "${path}" (missing, or no permission)`)
  }
  return path
}

export function parseServiceUrl(
  name: string,
  value: string | undefined,
  schemes: readonly string[],
  fail: Fail,
): string | null {
  if (value === undefined) return null
  const expected = `must be a ${schemes.map((s) => `${s}//`).join(' or ')} URL with a host`
  try {
    const url = new URL(value)
    if (schemes.includes(url.protocol) && url.hostname !== '') return value
  } catch {
    // reported below
  }
  fail(name, `${expected}, got "${hideCredentials(value)}"`)
  return null
}
