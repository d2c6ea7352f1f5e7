/**
 * The installed device's configuration (device.json): which server, the certificate pin, the
 * device's credentials from enrolment, the customer's own stricter policy and the display the
 * service shows its window on. It holds a secret, so it is readable by its owner (the system
 * account) only; a file anyone else may read or write is refused, as is anything malformed.
 * @module
 */
import { constants } from 'node:fs'
import { chmod, open, rename, writeFile } from 'node:fs/promises'

import { ASK_SECONDS_MAX, ASK_SECONDS_MIN, type AccessPolicy } from '@tasuke/protocol'

export const CONFIG_VERSION = 1
/** The largest device.json accepted. */
const MAX_CONFIG_BYTES = 64 * 1024

export interface DeviceConfig {
  readonly version: typeof CONFIG_VERSION
  /** The support company's server (https). */
  readonly serverUrl: string
  /** SHA-256 of the server certificate (64 hex digits), or null to trust the system CAs. */
  readonly fingerprint: string | null
  readonly deviceId: string
  readonly deviceSecret: string
  /** The name the computer enrolled with. */
  readonly deviceName: string
  /** The customer's own policy; it can only make the server's stricter. */
  readonly localPolicy: AccessPolicy | null
  /** The X display the service shows its window on and shares (Linux), e.g. `:0`. */
  readonly display: string | null
  /** The X authority file for that display (Linux). */
  readonly xauthority: string | null
  readonly language: 'ja' | 'en' | null
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** Checks parsed JSON as a device configuration; throws ConfigError naming what is wrong. */
export function parseDeviceConfig(value: unknown): DeviceConfig {
  if (!isRecord(value)) throw new ConfigError('the configuration is not a JSON object')
  const known = new Set([
    'version',
    'serverUrl',
    'fingerprint',
    'deviceId',
    'deviceSecret',
    'deviceName',
    'localPolicy',
    'display',
    'xauthority',
    'language',
  ])
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new ConfigError(`unknown field "${key}"`)
  }
  if (value['version'] !== CONFIG_VERSION) {
    throw new ConfigError(`version must be ${CONFIG_VERSION}`)
  }
  const serverUrl = text(value, 'serverUrl', 2048)
  let url: URL
  try {
    url = new URL(serverUrl)
  } catch {
    throw new ConfigError('serverUrl is not a URL')
  }
  if (url.protocol !== 'https:') throw new ConfigError('serverUrl must be an https:// URL')
  const fingerprint = nullable(value, 'fingerprint', (field) => {
    const hex = text(value, field, 64)
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new ConfigError('fingerprint must be 64 hex digits')
    return hex
  })
  const deviceId = text(value, 'deviceId', 64)
  if (!/^[A-Za-z0-9_-]+$/.test(deviceId)) throw new ConfigError('deviceId is malformed')
  const deviceSecret = text(value, 'deviceSecret', 128)
  if (!/^[A-Za-z0-9_-]{8,}$/.test(deviceSecret)) throw new ConfigError('deviceSecret is malformed')
  const deviceName = text(value, 'deviceName', 200)
  const localPolicy = nullable(value, 'localPolicy', () => parsePolicy(value['localPolicy']))
  const display = nullable(value, 'display', (field) => {
    const shown = text(value, field, 64)
    if (!/^[A-Za-z0-9._-]*:[0-9]+(\.[0-9]+)?$/.test(shown)) {
      throw new ConfigError('display must look like :0 or host:1.0')
    }
    return shown
  })
  const xauthority = nullable(value, 'xauthority', (field) => {
    const path = text(value, field, 4096)
    if (!path.startsWith('/')) throw new ConfigError('xauthority must be an absolute path')
    return path
  })
  const language = nullable(value, 'language', (field) => {
    const lang = value[field]
    if (lang !== 'ja' && lang !== 'en') throw new ConfigError('language must be ja or en')
    return lang
  })
  return {
    version: CONFIG_VERSION,
    serverUrl: url.href,
    fingerprint,
    deviceId,
    deviceSecret,
    deviceName,
    localPolicy,
    display,
    xauthority,
    language,
  }
}

/** An access policy as the protocol defines it (SPEC.md D3). */
export function parsePolicy(value: unknown): AccessPolicy {
  if (!isRecord(value)) throw new ConfigError('localPolicy must be an object')
  const keys = Object.keys(value).sort().join(',')
  switch (value['mode']) {
    case 'connect':
      if (keys !== 'mode') throw new ConfigError('localPolicy has unknown fields')
      return { mode: 'connect' }
    case 'always-ask':
      if (keys !== 'mode') throw new ConfigError('localPolicy has unknown fields')
      return { mode: 'always-ask' }
    case 'ask-then-connect': {
      const seconds = value['askSeconds']
      if (keys !== 'askSeconds,mode' || !isAskSeconds(seconds)) {
        throw new ConfigError(
          `localPolicy ask-then-connect needs askSeconds, a whole number from ${ASK_SECONDS_MIN} to ${ASK_SECONDS_MAX}`,
        )
      }
      return { mode: 'ask-then-connect', askSeconds: seconds }
    }
    default:
      throw new ConfigError('localPolicy mode must be connect, ask-then-connect or always-ask')
  }
}

export function isAskSeconds(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= ASK_SECONDS_MIN &&
    value <= ASK_SECONDS_MAX
  )
}

/**
 * Reads and checks device.json. Refused: a file that is not a regular file, is larger than
 * it should be, belongs to another user than the one running, or that anyone but its owner
 * may read or write (it holds the device's secret).
 */
export async function readDeviceConfig(path: string): Promise<DeviceConfig> {
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (error) {
    throw new ConfigError(
      `cannot open ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    )
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new ConfigError(`${path} is not a regular file`)
    if ((stat.mode & 0o077) !== 0) {
      throw new ConfigError(
        `${path} may be read or changed by other users (mode ${(stat.mode & 0o777).toString(8)}); it must be 600`,
      )
    }
    const uid = process.getuid?.()
    if (uid !== undefined && stat.uid !== uid) {
      throw new ConfigError(`${path} belongs to user ${stat.uid}, not to the service's user ${uid}`)
    }
    if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`${path} is too large`)
    const contents = await handle.readFile('utf8')
    let parsed: unknown
    try {
      parsed = JSON.parse(contents)
    } catch {
      throw new ConfigError(`${path} is not valid JSON`)
    }
    try {
      return parseDeviceConfig(parsed)
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`${path}: ${error.message}`)
      throw error
    }
  } finally {
    await handle.close()
  }
}

/** Writes device.json with mode 600, whole or not at all (a temporary file renamed over it). */
export async function writeDeviceConfig(path: string, config: DeviceConfig): Promise<void> {
  const next = `${path}.next`
  await writeFile(next, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'w' })
  // The mode given above applies only to a new file.
  await chmod(next, 0o600)
  await rename(next, path)
}

function text(record: Record<string, unknown>, field: string, maxLength: number): string {
  const value = record[field]
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new ConfigError(`${field} must be a text of 1 to ${maxLength} characters`)
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ConfigError(`${field} has control characters`)
  return value
}

function nullable<T>(
  record: Record<string, unknown>,
  field: string,
  read: (field: string) => T,
): T | null {
  const value = record[field]
  return value === null || value === undefined ? null : read(field)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
