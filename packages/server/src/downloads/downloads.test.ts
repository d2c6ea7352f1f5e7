import { execFileSync } from 'node:child_process'
import { createPublicKey, verify } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { pickEncoding } from './accept-encoding.js'
import { DeploymentSlotError, patchDeploymentSlot } from './deployment-slot.js'
import { AgentDownloads, type DownloadsSettings } from './downloads.js'
import { fakeProgram, unpatchedSlot, writeFakeBuilds } from './test-support/fake-builds.js'

let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tasuke-downloads-service-'))
  writeFakeBuilds(join(root, 'builds'))
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

function settings(name: string, extra: Partial<DownloadsSettings> = {}): DownloadsSettings {
  return {
    buildsDir: join(root, 'builds'),
    signingKey: { path: join(root, name, 'agent-signing-key.pem'), generateIfMissing: true },
    authenticode: null,
    cacheDir: join(root, name, 'cache'),
    deployment: { serverUrl: 'https://support.example.com/', fingerprint: 'ab'.repeat(32) },
    ...extra,
  }
}

function recordingLog() {
  const lines: string[] = []
  return { lines, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) }
}

describe('preparation', () => {
  it('runs once for concurrent requests, and is reused from disk after a restart', async () => {
    const log = recordingLog()
    const downloads = new AgentDownloads(settings('once'), log)
    const [a, b] = await Promise.all([
      downloads.prepared('linux-x64'),
      downloads.prepared('linux-x64'),
    ])
    expect(a).toBe(b)
    expect(log.lines.filter((line) => line.includes('linux-x64 ready'))).toHaveLength(1)
    expect(log.lines.some((line) => line.startsWith('generated the agent signing key'))).toBe(true)

    const restarted = new AgentDownloads(settings('once'), recordingLog())
    const again = await restarted.prepared('linux-x64')
    expect(again.files).toEqual(a.files)
    expect(again.signature).toBe(a.signature)
  })

  it('says where the builds are missing and how to make them', async () => {
    const log = recordingLog()
    const downloads = new AgentDownloads(
      settings('missing', { buildsDir: join(root, 'none') }),
      log,
    )
    await expect(downloads.manifest()).rejects.toThrow(
      `agent builds not found in ${join(root, 'none')}; run npm run build:exe -w @tasuke/agent`,
    )
    expect(log.lines[0]).toContain('agent builds not found in')
  })
})

describe('the deployment slot', () => {
  const deployment = { serverUrl: 'https://support.example.com/', fingerprint: null }

  it('is patched in place at the same length', () => {
    const file = fakeProgram(4096)
    const before = file.length
    patchDeploymentSlot(file, deployment)
    expect(file.length).toBe(before)
    expect(file.includes(unpatchedSlot())).toBe(false)
  })

  it('refuses builds without one, with two, or already bound', () => {
    const bound = fakeProgram(4096)
    patchDeploymentSlot(bound, deployment)
    const cases = [
      Buffer.from('no slot here'),
      Buffer.concat([unpatchedSlot(), unpatchedSlot()]),
      bound,
      unpatchedSlot().subarray(0, 500),
    ]
    for (const file of cases) {
      expect(() => {
        patchDeploymentSlot(file, deployment)
      }).toThrow(DeploymentSlotError)
    }
    const long = { serverUrl: `https://${'a'.repeat(800)}.example/`, fingerprint: null }
    expect(() => {
      patchDeploymentSlot(fakeProgram(4096), long)
    }).toThrow(/too long/)
  })
})

describe('Accept-Encoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, identity', 'identity'],
    ['deflate', 'identity'],
  ])('%s → %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected)
  })
})

const hasTool = (name: string) =>
  (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      execFileSync('test', ['-x', join(dir, name)])
      return true
    } catch {
      return false
    }
  })
const canSign = hasTool('osslsigncode') && hasTool('openssl')
if (!canSign) {
  process.stderr.write(
    'skipping the Authenticode test: osslsigncode or openssl is not installed (scripts/setup.sh --with-browser installs it)\n',
  )
}

describe.skipIf(!canSign)('Authenticode (osslsigncode)', () => {
  it('signs the bound Windows build, and the hash and signature cover the signed file', async () => {
    const dir = join(root, 'authenticode')
    const certFile = join(dir, 'cert.pem')
    const keyFile = join(dir, 'key.pem')
    execFileSync('mkdir', ['-p', dir])
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=Example Support Code Signing',
        '-addext',
        'extendedKeyUsage=codeSigning',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    )
    const downloads = new AgentDownloads(
      settings('authenticode', { authenticode: { certFile, keyFile } }),
      recordingLog(),
    )
    const windows = await downloads.prepared('win-x64')
    expect(windows.authenticodeSigned).toBe(true)
    const file = readFileSync(windows.files.identity)
    const verified = execFileSync(
      'osslsigncode',
      ['verify', '-CAfile', certFile, '-in', windows.files.identity],
      {
        encoding: 'utf8',
      },
    )
    expect(verified).toContain('Signature verification: ok')
    expect(verified).toContain('Example Support Code Signing')
    const publicKey = createPublicKey(downloads.publicKey())
    expect(verify(null, file, publicKey, Buffer.from(windows.signature, 'base64'))).toBe(true)
    expect((await downloads.prepared('linux-x64')).authenticodeSigned).toBe(false)
  })
})
