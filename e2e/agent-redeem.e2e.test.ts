/**
 * The customer's program against the real server: it redeems a number typed the way people
 * type it, pins the server's self-signed certificate, and tells the customer in their
 * language who is asking to connect, or why it cannot.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { connect } from 'node:tls'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { httpsCall, jsonOf } from './support/https-request.js'
import { REPO_ROOT, startServer, type TestServer } from './support/start-server.js'

const AGENT_MAIN = join(REPO_ROOT, 'packages/agent/dist/main.js')
const BUILD_SCRIPT = join(REPO_ROOT, 'packages/agent/src/build/build-executable.ts')
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx')
/** First build downloads Node 24 from the npm registry (about 50 MB). */
const BUILD_TIMEOUT_MS = 600_000

interface AgentRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the agent from its build output, or the single executable when given. */
function runAgent(args: readonly string[], executable?: string): Promise<AgentRun> {
  const [command, prefix] =
    executable === undefined ? [process.execPath, [AGENT_MAIN]] : [executable, []]
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (exitCode) => {
      resolve({ exitCode, stdout, stderr })
    })
  })
}

function certificateFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate().fingerprint256)
        socket.end()
      },
    )
    socket.on('error', reject)
  })
}

describe('agent redeems a session number', () => {
  let server: TestServer
  let fingerprint: string
  let headers: Record<string, string>

  beforeAll(async () => {
    server = await startServer('sqlite')
    fingerprint = await certificateFingerprint(server.url)
    const token = new URL(server.setupUrl).searchParams.get('token') ?? ''
    const setup = await httpsCall(`${server.url}/api/v1/setup`, {
      body: {
        token,
        tenantName: 'Example Support',
        tenantSlug: 'example',
        adminName: 'Ada Admin',
        adminEmail: 'ada@example.com',
        password: 'correct horse battery staple',
      },
    })
    expect(setup.status, setup.text).toBe(201)
    const cookie = String(setup.headers['set-cookie']).split(';')[0] ?? ''
    const { csrfToken } = jsonOf(setup) as { csrfToken: string }
    headers = { cookie, 'x-csrf-token': csrfToken }
  })

  afterAll(async () => {
    await server.stop()
  })

  const newCode = async () => {
    const answer = await httpsCall(`${server.url}/api/v1/sessions`, {
      headers,
      body: { expiresInMinutes: 30 },
    })
    expect(answer.status, answer.text).toBe(201)
    return (jsonOf(answer) as { session: { id: string; code: string } }).session
  }

  it('shows who is asking, once, in the language asked for', async () => {
    const session = await newCode()
    const typed = `${session.code.slice(0, 4)} ${session.code.slice(4)}`
    const args = ['--server', server.url, '--code', typed, '--fingerprint', fingerprint]
    const first = await runAgent([...args, '--lang', 'ja'])
    expect(first.exitCode, first.stderr).toBe(0)
    expect(first.stdout).toContain(
      'Example Support の Ada Admin が、このコンピュータへの接続を求めています。',
    )

    const session2 = await httpsCall(`${server.url}/api/v1/sessions/${session.id}`, { headers })
    expect(jsonOf(session2)).toMatchObject({ session: { state: 'connecting' } })

    const again = await runAgent([...args, '--lang', 'en'])
    expect(again.exitCode).toBe(1)
    expect(again.stderr).toContain('already been used')
  })

  it('refuses a server whose certificate does not match the pin', async () => {
    const session = await newCode()
    const wrongPin = 'AA:'.repeat(31) + 'AA'
    const run = await runAgent([
      '--server',
      server.url,
      '--code',
      session.code,
      '--fingerprint',
      wrongPin,
      '--lang',
      'en',
    ])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('does not match the pin')
    const stored = await httpsCall(`${server.url}/api/v1/sessions/${session.id}`, { headers })
    expect(jsonOf(stored)).toMatchObject({ session: { state: 'waiting' } })
  })

  it('refuses an unpinned self-signed server and a number that does not exist', async () => {
    const unpinned = await runAgent(['--server', server.url, '--code', '12345678', '--lang', 'en'])
    expect(unpinned.exitCode).toBe(1)
    expect(unpinned.stderr).toContain('Could not reach the support server')

    const unknown = await runAgent([
      '--server',
      server.url,
      '--code',
      '0000-0000',
      '--fingerprint',
      fingerprint,
      '--lang',
      'en',
    ])
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stderr).toContain('does not exist')
  })

  describe('as the single executable customers download', () => {
    let outDir: string
    let executable: string

    beforeAll(async () => {
      outDir = await mkdtemp(join(tmpdir(), 'tasuke-agent-exe-'))
      await promisify(execFile)(
        TSX,
        [BUILD_SCRIPT, '--platform', 'linux-x64', '--out', outDir, '--no-sizes'],
        { cwd: REPO_ROOT, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      )
      executable = join(outDir, 'tasuke-agent-linux-x64')
    }, BUILD_TIMEOUT_MS)

    afterAll(async () => {
      await rm(outDir, { recursive: true, force: true })
    })

    it('runs on Node 24 without anything installed and redeems a number', async () => {
      const help = await runAgent(['--help', '--lang', 'en'], executable)
      expect(help.exitCode, help.stderr).toBe(0)
      expect(help.stdout).toContain('Usage: tasuke-agent')

      const session = await newCode()
      const run = await runAgent(
        [
          '--server',
          server.url,
          '--code',
          session.code,
          '--fingerprint',
          fingerprint,
          '--lang',
          'en',
        ],
        executable,
      )
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stdout).toContain('Ada Admin of Example Support is asking to connect')
      expect(run.stderr).toBe('')
    })
  })

  it('explains bad arguments and exits 2', async () => {
    const run = await runAgent(['--server', server.url, '--code', '1234567'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('8-digit session number')
    const noServer = await runAgent(['--code', '12345678', '--lang', 'en'])
    expect(noServer.exitCode).toBe(2)
    expect(noServer.stderr).toContain('does not know which support company')
  })
})
