import { describe, expect, it } from 'vitest'

import { DeploymentError, readEmbeddedDeployment } from './embedded.js'
import { codeFromExecutableName } from './file-name.js'
import { withDeploymentArgs } from './process-args.js'
import { resolveDeployment } from './resolve.js'
import { DEPLOYMENT_MARKER_BYTES, DEPLOYMENT_SLOT, DEPLOYMENT_SLOT_BYTES } from './slot.js'

const PIN = 'ab'.repeat(32)

/** What the server writes into its copy of the executable (server/src/downloads). */
function patched(json: unknown): string {
  const payload = Buffer.from(JSON.stringify(json)).toString('base64url')
  const head = DEPLOYMENT_SLOT.slice(0, DEPLOYMENT_MARKER_BYTES) + payload
  return head.padEnd(DEPLOYMENT_SLOT_BYTES, ' ')
}

describe('the deployment slot', () => {
  it('is the marker and padding, 1024 ASCII bytes, so the server can patch it in place', () => {
    expect(DEPLOYMENT_SLOT.startsWith('TASUKE-DEPLOYMENT:')).toBe(true)
    expect(DEPLOYMENT_MARKER_BYTES).toBe('TASUKE-DEPLOYMENT:'.length)
    expect(Buffer.byteLength(DEPLOYMENT_SLOT)).toBe(DEPLOYMENT_SLOT_BYTES)
    expect(DEPLOYMENT_SLOT.slice(DEPLOYMENT_MARKER_BYTES).trim()).toBe('')
  })

  it('unpatched means no deployment', () => {
    expect(readEmbeddedDeployment()).toBeNull()
  })

  it('reads the server and the pin the server wrote', () => {
    const embedded = readEmbeddedDeployment(
      patched({ serverUrl: 'https://support.example.com/', fingerprint: PIN }),
    )
    expect(embedded?.serverUrl.href).toBe('https://support.example.com/')
    expect(embedded?.fingerprint).toBe(PIN)
    const ca = readEmbeddedDeployment(
      patched({ serverUrl: 'https://support.example.com:8443', fingerprint: null }),
    )
    expect(ca?.fingerprint).toBeNull()
  })

  it('refuses a damaged slot with a clear message', () => {
    const bad = [
      patched({ serverUrl: 'http://support.example.com', fingerprint: null }),
      patched({ serverUrl: 'https://x.example', fingerprint: 'AB:CD' }),
      patched({ fingerprint: null }),
      patched([1]),
      `${DEPLOYMENT_SLOT.slice(0, DEPLOYMENT_MARKER_BYTES)}"{}"`,
      `${DEPLOYMENT_SLOT.slice(0, DEPLOYMENT_MARKER_BYTES)}bm90IGpzb24`,
    ]
    for (const slot of bad) {
      expect(() => readEmbeddedDeployment(slot)).toThrow(DeploymentError)
      expect(() => readEmbeddedDeployment(slot)).toThrow(/download it again/)
    }
  })
})

describe('the number in the file name', () => {
  it.each([
    ['/home/a/Downloads/tasuke-support-12345678', '12345678'],
    ['C:\\Users\\a\\Downloads\\tasuke-support-12345678.exe', '12345678'],
    ['C:\\Users\\a\\Downloads\\tasuke-support-12345678 (1).exe', '12345678'],
    ['/tmp/Tasuke-Support-00001234-2', '00001234'],
    ['/tmp/tasuke-support-12345678(3).EXE', '12345678'],
  ])('%s → %s', (path, code) => {
    expect(codeFromExecutableName(path)).toBe(code)
  })

  it.each([
    '/usr/bin/node',
    'C:\\Downloads\\tasuke-support.exe',
    'C:\\Downloads\\tasuke-support (1).exe',
    '/tmp/tasuke-support-1234567',
    '/tmp/tasuke-support-123456789',
    '/tmp/my-tasuke-support-12345678',
  ])('%s carries no number', (path) => {
    expect(codeFromExecutableName(path)).toBeNull()
  })
})

describe('resolveDeployment', () => {
  const embedded = { serverUrl: new URL('https://support.example.com/'), fingerprint: PIN }
  const none = { serverUrl: null, code: null, fingerprint: null, other: 'kept' }
  const exe = '/home/a/Downloads/tasuke-support-12345678 (1)'

  it('takes server, pin and number from the download when nothing is typed', () => {
    expect(resolveDeployment(none, exe, embedded)).toEqual({
      serverUrl: embedded.serverUrl,
      code: '12345678',
      fingerprint: PIN,
      other: 'kept',
    })
  })

  it('lets the command line win, and never pins another server with the embedded pin', () => {
    const other = new URL('https://other.example.com/')
    const resolved = resolveDeployment(
      { ...none, serverUrl: other, code: '87654321' },
      exe,
      embedded,
    )
    expect(resolved).toMatchObject({ serverUrl: other, code: '87654321', fingerprint: null })
    const pinned = resolveDeployment({ ...none, fingerprint: 'cd'.repeat(32) }, exe, embedded)
    expect(pinned.fingerprint).toBe('cd'.repeat(32))
  })

  it('a generic download has a server but asks for the number', () => {
    expect(resolveDeployment(none, '/tmp/tasuke-support', embedded).code).toBeNull()
  })

  it('an unbound build needs everything from the command line', () => {
    expect(resolveDeployment(none, '/usr/bin/node', null)).toEqual(none)
  })
})

describe('withDeploymentArgs (the executable entry)', () => {
  const embedded = { serverUrl: new URL('https://support.example.com/'), fingerprint: PIN }
  const exe = '/tmp/tasuke-support-12345678'

  it('completes an empty command line from the download', () => {
    expect(withDeploymentArgs(['--no-browser'], exe, embedded)).toEqual([
      '--no-browser',
      '--server',
      'https://support.example.com/',
      '--code',
      '12345678',
      '--fingerprint',
      PIN,
    ])
  })

  it('adds nothing that was typed, nothing for --help, and leaves bad input to main', () => {
    expect(withDeploymentArgs(['--code=1111 2222'], exe, embedded)).not.toContain('12345678')
    expect(withDeploymentArgs(['--help'], exe, embedded)).toEqual(['--help'])
    expect(withDeploymentArgs(['--bogus'], exe, embedded)).toEqual(['--bogus'])
    expect(withDeploymentArgs([], '/usr/bin/node', null)).toEqual([])
  })
})
