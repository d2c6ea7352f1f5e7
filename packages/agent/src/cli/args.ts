/**
 * The agent's command line. Customers normally pass nothing (the download is bound to its
 * server and session); support staff and tests may name them explicitly.
 */
import { isAbsolute, resolve } from 'node:path'

import { normaliseSessionCode } from '@tasuke/protocol'

export interface AgentArgs {
  readonly serverUrl: URL | null
  readonly code: string | null
  /** SHA-256 fingerprint of the server certificate to pin (hex, colons optional). */
  readonly fingerprint: string | null
  readonly language: 'ja' | 'en' | null
  /** Do not open the consent window in a browser; only print its address. */
  readonly noBrowser: boolean
  /** Where files the operator sends are saved (absolute); null: the default folder. */
  readonly receiveDir: string | null
  readonly help: boolean
}

export class ArgsError extends Error {
  override readonly name = 'ArgsError'
}

const FLAGS = ['server', 'code', 'fingerprint', 'lang', 'receive-dir'] as const
type Flag = (typeof FLAGS)[number]

export function parseArgs(argv: readonly string[]): AgentArgs {
  const values: Partial<Record<Flag, string>> = {}
  let help = false
  let noBrowser = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') {
      help = true
      continue
    }
    if (arg === '--no-browser') {
      noBrowser = true
      continue
    }
    const match = /^--([a-z]+(?:-[a-z]+)*)(?:=(.*))?$/s.exec(arg)
    const name = match?.[1]
    if (name === undefined || !isFlag(name)) throw new ArgsError(`unknown argument: ${arg}`)
    const value = match?.[2] ?? argv[++i]
    if (value === undefined) throw new ArgsError(`--${name} needs a value`)
    values[name] = value
  }
  return {
    serverUrl: values.server === undefined ? null : parseServerUrl(values.server),
    code: values.code === undefined ? null : parseCode(values.code),
    fingerprint: values.fingerprint === undefined ? null : parseFingerprint(values.fingerprint),
    language: values.lang === undefined ? null : parseLanguage(values.lang),
    noBrowser,
    receiveDir: values['receive-dir'] === undefined ? null : parseFolder(values['receive-dir']),
    help,
  }
}

function isFlag(name: string): name is Flag {
  return (FLAGS as readonly string[]).includes(name)
}

function parseServerUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ArgsError(`--server must be a URL such as https://support.example.com, got "${text}"`)
  }
  if (url.protocol !== 'https:') throw new ArgsError('--server must be an https:// URL')
  return url
}

function parseCode(text: string): string {
  const result = normaliseSessionCode(text)
  if (!result.ok)
    throw new ArgsError(`--code must be the 8-digit session number (${result.reason})`)
  return result.code
}

export function parseFingerprint(text: string): string {
  const hex = text.replace(/:/g, '').toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new ArgsError('--fingerprint must be a SHA-256 fingerprint (64 hex digits)')
  }
  return hex
}

/** The longest folder path accepted. */
const FOLDER_MAX_LENGTH = 4096

function parseFolder(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (text.length === 0 || text.length > FOLDER_MAX_LENGTH || /[\u0000-\u001f]/.test(text)) {
    throw new ArgsError('--receive-dir must be a folder path (no control characters)')
  }
  return isAbsolute(text) ? resolve(text) : resolve(process.cwd(), text)
}

function parseLanguage(text: string): 'ja' | 'en' {
  if (text === 'ja' || text === 'en') return text
  throw new ArgsError('--lang must be ja or en')
}
