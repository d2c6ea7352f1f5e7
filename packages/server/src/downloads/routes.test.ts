import { createHash, createPublicKey, verify } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'

import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import type { Config } from '../config.js'
import { createLoggerOptions } from '../http/logger.js'
import { createTestDatabase } from '../store/store.contract.js'
import { ensureSelfSignedCertificate } from '../tls/self-signed.js'
import {
  createTestApp,
  randomDataKeys,
  type TestApp,
  testConfig,
} from '../test-support/test-app.js'
import { DEPLOYMENT_MARKER, DEPLOYMENT_SLOT_BYTES } from './deployment-slot.js'
import { DOWNLOAD_LIMITS } from './routes.js'
import { writeFakeBuilds } from './test-support/fake-builds.js'

interface Manifest {
  publicKey: string
  platforms: {
    platform: string
    fileName: string
    size: number
    sha256: string
    signature: string
    authenticodeSigned: boolean
    transferSizes: { br: number; gzip: number }
  }[]
}

let root: string
let builds: { linux: Buffer; windows: Buffer }
let drop: () => Promise<void>
let store: Awaited<ReturnType<typeof createTestDatabase>>['store']

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tasuke-downloads-'))
  builds = writeFakeBuilds(join(root, 'builds'))
  const database = await createTestDatabase('sqlite')
  store = database.store
  drop = database.drop
})

afterAll(async () => {
  await drop()
  rmSync(root, { recursive: true, force: true })
})

function downloadsConfig(name: string, buildsDir = join(root, 'builds')): Partial<Config> {
  const dataDir = join(root, name)
  return {
    dataDir,
    agentDownloads: {
      buildsDir,
      signingKey: { path: join(dataDir, 'agent-signing-key.pem'), generateIfMissing: true },
      authenticode: null,
    },
  }
}

/** The slot's JSON in a served file. */
function deploymentIn(file: Buffer): unknown {
  const at = file.indexOf(DEPLOYMENT_MARKER)
  const slot = file.subarray(at + DEPLOYMENT_MARKER.length, at + DEPLOYMENT_SLOT_BYTES)
  return JSON.parse(Buffer.from(slot.toString('latin1').trimEnd(), 'base64url').toString('utf8'))
}

/** The served file with its slot put back to the build's padding. */
function unpatched(file: Buffer): Buffer {
  const copy = Buffer.from(file)
  const at = copy.indexOf(DEPLOYMENT_MARKER)
  copy.fill(0x20, at + DEPLOYMENT_MARKER.length, at + DEPLOYMENT_SLOT_BYTES)
  return copy
}

describe('agent downloads', () => {
  let t: TestApp
  let manifest: Manifest
  beforeAll(async () => {
    t = await createTestApp(store, { config: downloadsConfig('main') })
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/agent/downloads' })
    expect(response.statusCode, response.body).toBe(200)
    manifest = response.json<Manifest>()
  })
  afterAll(() => t.close())

  const download = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers })

  it('lists both builds with size, SHA-256, signature and transfer sizes', () => {
    expect(manifest.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(createPublicKey(manifest.publicKey).asymmetricKeyType).toBe('ed25519')
    expect(manifest.platforms.map((p) => [p.platform, p.fileName])).toEqual([
      ['linux-x64', 'tasuke-support'],
      ['win-x64', 'tasuke-support.exe'],
    ])
    const [linux, windows] = manifest.platforms
    expect(linux?.size).toBe(builds.linux.length)
    expect(windows?.size).toBe(builds.windows.length)
    for (const p of manifest.platforms) {
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(p.authenticodeSigned).toBe(false)
      expect(p.transferSizes.br).toBeGreaterThan(0)
      expect(p.transferSizes.br).toBeLessThan(p.size)
      expect(p.transferSizes.gzip).toBeLessThan(p.size)
    }
  })

  it('serves brotli, gzip or plain bytes, all the same signed, bound file', async () => {
    const linux = manifest.platforms[0]
    const br = await download('/api/v1/agent/downloads/linux-x64?code=1234%205678', {
      'accept-encoding': 'gzip, deflate, br, zstd',
    })
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(Number(br.headers['content-length'])).toBe(linux?.transferSizes.br)
    const gzip = await download('/api/v1/agent/downloads/linux-x64', {
      'accept-encoding': 'gzip;q=1, br;q=0',
    })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.rawPayload.length).toBe(linux?.transferSizes.gzip)
    const plain = await download('/api/v1/agent/downloads/linux-x64')
    expect(plain.headers['content-encoding']).toBeUndefined()

    const file = plain.rawPayload
    expect(brotliDecompressSync(br.rawPayload).equals(file)).toBe(true)
    expect(gunzipSync(gzip.rawPayload).equals(file)).toBe(true)
    expect(file.length).toBe(builds.linux.length)
    const sha256 = createHash('sha256').update(file).digest('hex')
    expect(sha256).toBe(linux?.sha256)
    expect(br.headers['x-tasuke-sha256']).toBe(sha256)
    expect(br.headers['digest']).toBe(`sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`)
    const signature = Buffer.from(String(br.headers['x-tasuke-signature']), 'base64')
    expect(verify(null, file, createPublicKey(manifest.publicKey), signature)).toBe(true)
    expect(br.headers['x-tasuke-signature']).toBe(linux?.signature)
  })

  it('writes this server into the slot and changes nothing else', async () => {
    const file = (await download('/api/v1/agent/downloads/linux-x64')).rawPayload
    expect(deploymentIn(file)).toEqual({ serverUrl: 'https://tasuke.test/', fingerprint: null })
    expect(unpatched(file).equals(builds.linux)).toBe(true)
  })

  it('names the file after the number, so the agent can read it back', async () => {
    const named = await download('/api/v1/agent/downloads/win-x64?code=%EF%BC%91234-5678')
    expect(named.headers['content-disposition']).toBe(
      'attachment; filename="tasuke-support-12345678.exe"',
    )
    expect(named.headers['cache-control']).toBe('private, no-store')
    const generic = await download('/api/v1/agent/downloads/linux-x64')
    expect(generic.headers['content-disposition']).toBe('attachment; filename="tasuke-support"')
    expect(generic.headers['cache-control']).toBe('private, no-cache')
    const again = await download('/api/v1/agent/downloads/linux-x64', {
      'if-none-match': String(generic.headers['etag']),
    })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
  })

  it('refuses an unknown platform and a malformed number with 400', async () => {
    for (const url of ['/api/v1/agent/downloads/darwin-arm64', '/api/v1/agent/downloads/..%2F..']) {
      const response = await download(url)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ error: { code: 'unknown-platform' } })
    }
    for (const code of ['1234567', 'abcdefgh', '', '123456789']) {
      const response = await download(`/api/v1/agent/downloads/linux-x64?code=${code}`)
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ error: { code: 'invalid-code' } })
    }
  })

  it('is described in the OpenAPI document', async () => {
    const spec = await download('/api/openapi.json')
    const paths = Object.keys(spec.json<{ paths: Record<string, unknown> }>().paths)
    expect(paths).toContain('/api/v1/agent/downloads')
    expect(paths).toContain('/api/v1/agent/downloads/{platform}')
  })
})

describe('agent downloads without builds', () => {
  let t: TestApp | undefined
  afterEach(() => t?.close())

  it('answers 503 with a JSON problem', async () => {
    t = await createTestApp(store, { config: downloadsConfig('empty', join(root, 'no-builds')) })
    for (const url of ['/api/v1/agent/downloads', '/api/v1/agent/downloads/win-x64']) {
      const response = await t.app.inject({ method: 'GET', url })
      expect(response.statusCode).toBe(503)
      expect(response.json()).toMatchObject({ error: { code: 'agent-unavailable' } })
      expect(response.body).not.toContain(root)
    }
  })

  it('limits requests per address', async () => {
    t = await createTestApp(store, { config: downloadsConfig('limits', join(root, 'no-builds')) })
    const statuses: number[] = []
    for (let i = 0; i <= DOWNLOAD_LIMITS.maxFailures; i++) {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/agent/downloads' })
      statuses.push(response.statusCode)
    }
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.slice(0, -1).every((status) => status === 503)).toBe(true)
  })
})

describe('agent downloads on a listening server', () => {
  let app: FastifyInstance
  const lines: string[] = []
  let fingerprint: string
  beforeAll(async () => {
    const config = testConfig(downloadsConfig('tls'))
    const tls = await ensureSelfSignedCertificate(join(root, 'tls'), 'tasuke.test', new Date())
    fingerprint = tls.fingerprint256.replace(/:/g, '').toLowerCase()
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'))
        done()
      },
    })
    app = await buildApp({
      config,
      store,
      keys: randomDataKeys(),
      backgroundJobs: false,
      logger: createLoggerOptions('trace', sink),
      https: { key: tls.key, cert: tls.cert },
    })
    await app.ready()
  })
  afterAll(() => app.close())

  it('pins the self-signed certificate, and never logs the number', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/agent/downloads/linux-x64?code=7392%200518',
    })
    expect(response.statusCode).toBe(200)
    expect(deploymentIn(response.rawPayload)).toEqual({
      serverUrl: 'https://tasuke.test/',
      fingerprint,
    })
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/agent/downloads/linux-x64?code=7392051',
    })
    expect(bad.statusCode).toBe(400)
    const log = lines.join('')
    expect(log).toContain('agent download linux-x64 ready')
    expect(log).toContain('/api/v1/agent/downloads/:platform')
    expect(log).not.toContain('73920518')
    expect(log).not.toContain('7392051')
  })
})
