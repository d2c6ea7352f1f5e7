import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { ArgsError, parseArgs } from './args.js'

describe('agent arguments', () => {
  it('accepts the server, a typed number, a fingerprint and a language', () => {
    const fingerprint = 'AB:'.repeat(31) + 'AB'
    const args = parseArgs([
      '--server',
      'https://support.example.com',
      '--code=1234 5678',
      `--fingerprint=${fingerprint}`,
      '--lang',
      'ja',
    ])
    expect(args.serverUrl?.origin).toBe('https://support.example.com')
    expect(args.code).toBe('12345678')
    expect(args.fingerprint).toBe('ab'.repeat(32))
    expect(args.language).toBe('ja')
    expect(args.help).toBe(false)
  })

  it('takes a receiving folder, made absolute', () => {
    expect(parseArgs(['--receive-dir', '/tmp/inbox/../in']).receiveDir).toBe('/tmp/in')
    expect(parseArgs(['--receive-dir=files']).receiveDir).toBe(join(process.cwd(), 'files'))
  })

  it('starts with nothing when run without arguments', () => {
    expect(parseArgs([])).toEqual({
      serverUrl: null,
      code: null,
      fingerprint: null,
      language: null,
      noBrowser: false,
      receiveDir: null,
      help: false,
    })
    expect(parseArgs(['--no-browser']).noBrowser).toBe(true)
  })

  it.each([
    [['--server', 'http://plain.example.com'], /https/],
    [['--server', 'not a url'], /must be a URL/],
    [['--code', '1234567'], /8-digit.*wrong-length/],
    [['--code', 'abcdefgh'], /invalid-characters/],
    [['--fingerprint', 'zz'], /64 hex/],
    [['--receive-dir', ''], /folder path/],
    [['--receive-dir=a\u0000b'], /folder path/],
    [['--receive-dir', 'x'.repeat(4097)], /folder path/],
    [['--receive-dir'], /needs a value/],
    [['--receive-'], /unknown argument/],
    [['--lang', 'fr'], /ja or en/],
    [['--code'], /needs a value/],
    [['--unknown', 'x'], /unknown argument/],
    [['stray'], /unknown argument/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(ArgsError)
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
