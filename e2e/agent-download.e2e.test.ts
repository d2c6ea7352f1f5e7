/**
 * The customer's download, end to end: the real server serves the real Linux executable,
 * bound to itself and named after a session number; the file verifies against the published
 * SHA-256 and Ed25519 key, and run with no arguments it finds its server, pins the
 * self-signed certificate and redeems the number from its own name.
 */
import { createHash, createPublicKey, verify } from 'node:crypto'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { CONSENT_URL, startAgent } from './support/agent-process.js'
import { setUpCompany } from './support/company.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { startServer, type TestServer } from './support/start-server.js'

/** Preparing the copy: patch, hash, sign, brotli and gzip of ~120 MB. */
const PREPARE_TIMEOUT_MS = 120_000

interface Manifest {
  publicKey: string
  platforms: {
    platform: string
    size: number
    sha256: string
    signature: string
    transferSizes: { br: number; gzip: number }
  }[]
}

/** GET with the raw body and headers (httpsCall decodes text). */
function download(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const call = request(
        url,
        { headers, rejectUnauthorized: false, timeout: PREPARE_TIMEOUT_MS },
        (answer) => {
          const chunks: Buffer[] = []
          answer.on('data', (chunk: Buffer) => chunks.push(chunk))
          answer.on('end', () => {
            resolve({
              status: answer.statusCode ?? 0,
              headers: answer.headers,
              body: Buffer.concat(chunks),
            })
          })
          answer.on('error', reject)
        },
      )
      call.on('timeout', () => call.destroy(new Error('download timed out')))
      call.on('error', reject)
      call.end()
    },
  )
}

describe('customer downloads the agent from the server', () => {
  let buildsDir: string
  let downloadsDir: string
  let server: TestServer
  let headers: Record<string, string>

  beforeAll(async () => {
    buildsDir = await linuxAgentBuild()
    downloadsDir = await mkdtemp(join(tmpdir(), 'tasuke-agent-downloaded-'))
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    headers = { ...(await setUpCompany(server)).headers }
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    await server.stop()
    await rm(downloadsDir, { recursive: true, force: true })
  })

  it('runs the downloaded file with no arguments: it knows its server, pin and number', async () => {
    const created = await httpsCall(`${server.url}/api/v1/sessions`, {
      headers,
      body: { expiresInMinutes: 30 },
    })
    expect(created.status, created.text).toBe(201)
    const session = (jsonOf(created) as { session: { id: string; code: string } }).session

    const manifestAnswer = await httpsCall(`${server.url}/api/v1/agent/downloads`, {
      timeoutMs: PREPARE_TIMEOUT_MS,
    })
    expect(manifestAnswer.status, manifestAnswer.text).toBe(200)
    const manifest = jsonOf(manifestAnswer) as Manifest
    const linux = manifest.platforms.find((p) => p.platform === 'linux-x64')
    expect(linux).toBeDefined()

    const typed = `${session.code.slice(0, 4)} ${session.code.slice(4)}`
    const answer = await download(
      `${server.url}/api/v1/agent/downloads/linux-x64?code=${encodeURIComponent(typed)}`,
      { 'accept-encoding': 'br, gzip' },
    )
    expect(answer.status).toBe(200)
    expect(answer.headers['content-encoding']).toBe('br')
    expect(answer.body.length).toBe(linux?.transferSizes.br)
    const fileName = /filename="([^"]+)"/.exec(String(answer.headers['content-disposition']))?.[1]
    expect(fileName).toBe(`tasuke-support-${session.code}`)

    const file = brotliDecompressSync(answer.body)
    expect(file.length).toBe(linux?.size)
    expect(createHash('sha256').update(file).digest('hex')).toBe(linux?.sha256)
    const signature = Buffer.from(String(answer.headers['x-tasuke-signature']), 'base64')
    expect(verify(null, file, createPublicKey(manifest.publicKey), signature)).toBe(true)
    process.stdout.write(
      `agent download linux-x64: ${file.length} bytes, brotli ${String(linux?.transferSizes.br)}, gzip ${String(linux?.transferSizes.gzip)}\n`,
    )

    // As a browser saves a second copy of the same name.
    const executable = join(downloadsDir, `${fileName ?? ''} (1)`)
    await writeFile(executable, file)
    await chmod(executable, 0o755)
    const agent = startAgent(['--no-browser'], executable)
    await agent.waitFor(/Ada Admin of Example Support is asking to connect/)
    await agent.waitFor(CONSENT_URL)
    const stored = await httpsCall(`${server.url}/api/v1/sessions/${session.id}`, { headers })
    expect(jsonOf(stored)).toMatchObject({ session: { state: 'connecting' } })
    agent.kill()
    await agent.exited
    expect(server.output()).not.toContain(session.code)
  })
})
