import { describe, expect, it } from 'vitest'

import { ArgsError } from './args.js'
import { isSubcommand, parseSubcommand } from './subcommands.js'

const TOKEN = `tse_${'A'.repeat(43)}`

describe('isSubcommand', () => {
  it('tells the installed agent’s commands from the attended agent’s flags', () => {
    expect(isSubcommand(['install', '--server', 'https://x'])).toBe(true)
    expect(isSubcommand(['service'])).toBe(true)
    expect(isSubcommand(['--server', 'https://x'])).toBe(false)
    expect(isSubcommand([])).toBe(false)
  })
})

describe('parseSubcommand', () => {
  it('reads the command the console shows', () => {
    expect(
      parseSubcommand(['install', '--server', 'https://support.example.com', '--token', TOKEN]),
    ).toEqual({
      command: 'install',
      serverUrl: new URL('https://support.example.com'),
      token: TOKEN,
      fingerprint: null,
      name: null,
      policy: null,
      display: null,
      xauthority: null,
      language: null,
    })
  })

  it('reads every install option', () => {
    const parsed = parseSubcommand([
      'install',
      '--server=https://s.example',
      `--token=${TOKEN}`,
      '--fingerprint',
      'AB:'.repeat(31) + 'AB',
      '--name',
      ' Front desk ',
      '--policy',
      'ask-then-connect:45',
      '--display',
      ':1',
      '--xauthority',
      '/home/u/.Xauthority',
      '--lang',
      'ja',
    ])
    expect(parsed).toMatchObject({
      fingerprint: 'ab'.repeat(32),
      name: 'Front desk',
      policy: { mode: 'ask-then-connect', askSeconds: 45 },
      display: ':1',
      xauthority: '/home/u/.Xauthority',
      language: 'ja',
    })
    expect(
      parseSubcommand([
        'install',
        '--server',
        'https://s',
        '--token',
        TOKEN,
        '--policy',
        'always-ask',
      ]),
    ).toMatchObject({ policy: { mode: 'always-ask' } })
  })

  it('reads the other commands', () => {
    expect(parseSubcommand(['uninstall'])).toEqual({ command: 'uninstall', language: null })
    expect(parseSubcommand(['status', '--lang', 'en'])).toEqual({
      command: 'status',
      language: 'en',
      window: false,
    })
    expect(parseSubcommand(['status', '--window', '--lang=ja'])).toEqual({
      command: 'status',
      language: 'ja',
      window: true,
    })
    expect(parseSubcommand(['service'])).toEqual({ command: 'service', language: null })
    expect(parseSubcommand(['session-as-user'])).toEqual({
      command: 'session-as-user',
      language: null,
    })
    expect(parseSubcommand(['install', '--help'])).toEqual({ command: 'help', language: null })
  })

  const bad: [string, string[], RegExp][] = [
    ['no server', ['install', '--token', TOKEN], /--server is required/],
    ['no token', ['install', '--server', 'https://s'], /--token is required/],
    ['an http server', ['install', '--server', 'http://s', '--token', TOKEN], /https:\/\//],
    ['not a URL', ['install', '--server', 'support', '--token', TOKEN], /must be a URL/],
    [
      'a session number for a token',
      ['install', '--server', 'https://s', '--token', '12345678'],
      /starts with tse_/,
    ],
    [
      'a laxer policy',
      ['install', '--server', 'https://s', '--token', TOKEN, '--policy', 'connect'],
      /--policy must be/,
    ],
    [
      'a wait too long',
      ['install', '--server', 'https://s', '--token', TOKEN, '--policy', 'ask-then-connect:301'],
      /5 to 300/,
    ],
    [
      'a bad pin',
      ['install', '--server', 'https://s', '--token', TOKEN, '--fingerprint', 'xyz'],
      /SHA-256/,
    ],
    [
      'a bad display',
      ['install', '--server', 'https://s', '--token', TOKEN, '--display', 'zero'],
      /--display/,
    ],
    [
      'a relative xauthority',
      ['install', '--server', 'https://s', '--token', TOKEN, '--xauthority', 'x'],
      /absolute/,
    ],
    [
      'an empty name',
      ['install', '--server', 'https://s', '--token', TOKEN, '--name', '  '],
      /--name/,
    ],
    ['a missing value', ['install', '--server'], /--server needs a value/],
    ['a flag twice', ['install', '--server', 'https://s', '--server', 'https://t'], /given twice/],
    ['an unknown flag', ['uninstall', '--token', TOKEN], /unknown argument: --token/],
    ['a stray word', ['status', 'now'], /unknown argument: now/],
    ['--window on another command', ['uninstall', '--window'], /unknown argument: --window/],
    ['--window with a value', ['status', '--window=yes'], /unknown argument: --window=yes/],
    ['--window twice', ['status', '--window', '--window'], /--window is given twice/],
    ['a bad language', ['service', '--lang', 'fr'], /ja or en/],
  ]
  it.each(bad)('refuses %s with a clear message', (_name, argv, message) => {
    expect(() => parseSubcommand(argv)).toThrow(ArgsError)
    expect(() => parseSubcommand(argv)).toThrow(message)
  })
})
