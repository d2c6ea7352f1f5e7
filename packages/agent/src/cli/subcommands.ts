/**
 * The installed agent's subcommands (docs/installed-agent.md): `install`, `uninstall`,
 * `status` and `service` (what the system service runs). A command line whose first word is
 * none of them is the attended agent's (args.ts).
 */
import type { AccessPolicy } from '@tasuke/protocol'

import { isAskSeconds } from '../install/device-config.js'
import { ArgsError, parseFingerprint } from './args.js'

export type Subcommand =
  | {
      readonly command: 'install'
      readonly serverUrl: URL
      readonly token: string
      readonly fingerprint: string | null
      readonly name: string | null
      readonly policy: AccessPolicy | null
      readonly display: string | null
      readonly xauthority: string | null
      readonly language: 'ja' | 'en' | null
    }
  | {
      /** `session-as-user` is the installed service's own: the session as the desktop's user. */
      readonly command: 'uninstall' | 'service' | 'session-as-user'
      readonly language: 'ja' | 'en' | null
    }
  | {
      readonly command: 'status'
      readonly language: 'ja' | 'en' | null
      /** `--window`: show "About this computer" in the browser. */
      readonly window: boolean
    }
  | { readonly command: 'help'; readonly language: 'ja' | 'en' | null }

const COMMANDS = ['install', 'uninstall', 'status', 'service', 'session-as-user'] as const
const INSTALL_FLAGS = [
  'server',
  'token',
  'fingerprint',
  'name',
  'policy',
  'display',
  'xauthority',
  'lang',
] as const
type InstallFlag = (typeof INSTALL_FLAGS)[number]

/** The longest computer name the server takes. */
const NAME_MAX_LENGTH = 100

/** Whether the command line starts with a subcommand. */
export function isSubcommand(argv: readonly string[]): boolean {
  return (COMMANDS as readonly string[]).includes(argv[0] ?? '')
}

/** Parses a command line that starts with a subcommand; throws ArgsError with what is wrong. */
export function parseSubcommand(argv: readonly string[]): Subcommand {
  const [command, ...rest] = argv
  if (
    command !== 'install' &&
    command !== 'uninstall' &&
    command !== 'status' &&
    command !== 'service' &&
    command !== 'session-as-user'
  ) {
    throw new ArgsError(`unknown command: ${command ?? ''}`)
  }
  const allowed: readonly string[] = command === 'install' ? INSTALL_FLAGS : ['lang']
  const values: Partial<Record<InstallFlag, string>> = {}
  let window = false
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    if (arg === '--help' || arg === '-h') {
      return { command: 'help', language: readLanguage(values.lang) }
    }
    if (command === 'status' && arg === '--window') {
      if (window) throw new ArgsError('status: --window is given twice')
      window = true
      continue
    }
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg)
    const name = match?.[1]
    if (name === undefined || !allowed.includes(name)) {
      throw new ArgsError(`${command}: unknown argument: ${arg}`)
    }
    const value = match?.[2] ?? rest[++i]
    if (value === undefined) throw new ArgsError(`${command}: --${name} needs a value`)
    if (values[name as InstallFlag] !== undefined) {
      throw new ArgsError(`${command}: --${name} is given twice`)
    }
    values[name as InstallFlag] = value
  }
  const language = readLanguage(values.lang)
  if (command === 'status') return { command, language, window }
  if (command !== 'install') return { command, language }
  if (values.server === undefined) throw new ArgsError('install: --server is required')
  if (values.token === undefined) throw new ArgsError('install: --token is required')
  return {
    command,
    serverUrl: readServer(values.server),
    token: readToken(values.token),
    fingerprint: values.fingerprint === undefined ? null : parseFingerprint(values.fingerprint),
    name: values.name === undefined ? null : readName(values.name),
    policy: values.policy === undefined ? null : readPolicy(values.policy),
    display: values.display === undefined ? null : readDisplay(values.display),
    xauthority: values.xauthority === undefined ? null : readXauthority(values.xauthority),
    language,
  }
}

function readServer(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ArgsError(
      `install: --server must be a URL such as https://support.example.com, got "${text}"`,
    )
  }
  if (url.protocol !== 'https:') throw new ArgsError('install: --server must be an https:// URL')
  return url
}

function readToken(text: string): string {
  if (!/^tse_[A-Za-z0-9_-]{16,180}$/.test(text)) {
    throw new ArgsError(
      'install: --token must be the enrolment token from the console (it starts with tse_)',
    )
  }
  return text
}

function readName(text: string): string {
  const name = text.trim()
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > NAME_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ArgsError(`install: --name must be 1 to ${NAME_MAX_LENGTH} characters`)
  }
  return name
}

/** `always-ask` or `ask-then-connect:<seconds>`: the device may only be stricter than the server. */
function readPolicy(text: string): AccessPolicy {
  if (text === 'always-ask') return { mode: 'always-ask' }
  const match = /^ask-then-connect:(\d{1,4})$/.exec(text)
  const seconds = match === null ? NaN : Number(match[1])
  if (isAskSeconds(seconds)) return { mode: 'ask-then-connect', askSeconds: seconds }
  throw new ArgsError(
    'install: --policy must be always-ask or ask-then-connect:<seconds> (5 to 300 seconds)',
  )
}

function readDisplay(text: string): string {
  if (!/^[A-Za-z0-9._-]*:[0-9]+(\.[0-9]+)?$/.test(text)) {
    throw new ArgsError('install: --display must look like :0')
  }
  return text
}

function readXauthority(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!text.startsWith('/') || text.length > 4096 || /[\u0000-\u001f]/.test(text)) {
    throw new ArgsError('install: --xauthority must be an absolute file path')
  }
  return text
}

function readLanguage(text: string | undefined): 'ja' | 'en' | null {
  if (text === undefined) return null
  if (text === 'ja' || text === 'en') return text
  throw new ArgsError('--lang must be ja or en')
}
