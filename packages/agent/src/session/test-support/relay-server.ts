/**
 * The real relay for session tests: the BUILT server (`packages/server/dist/main.js`) as a
 * child process on a free port with a fresh data directory, one company set up through its
 * first-run API, and support sessions created as its admin would. Started as a process, never
 * imported: the agent package imports nothing of the server.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpsRequest } from 'node:https'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import { fileURLToPath } from 'node:url'

export const SERVER_MAIN = fileURLToPath(
  new URL('../../../../server/dist/main.js', import.meta.url),
)

export interface RelayServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string
  /** SHA-256 of its certificate, lower-case hex without colons (what a download pins). */
  readonly fingerprint: string
  /** Cookie and CSRF headers of the admin's console session. */
  readonly admin: Readonly<Record<string, string>>
  /** Its data directory (the SQLite database and keys), removed by `stop()`. */
  readonly dataDir: string
  /** Creates a support session: its id and 8-digit code. */
  createSession(): Promise<{ id: string; code: string }>
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 60_000

export function hasBuiltServer(): boolean {
  return existsSync(SERVER_MAIN)
}

export async function startRelayServer(): Promise<RelayServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tasuke-agent-session-'))
  const port = await freePort()
  const url = `https://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
  }
  delete env['DATABASE_URL']
  delete env['REDIS_URL']
  delete env['SMTP_URL']
  delete env['HTTPS_PROXY']
  delete env['https_proxy']
  const child = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => (output += chunk))
  child.stderr.on('data', (chunk: string) => (output += chunk))
  const stop = async () => {
    await stopChild(child)
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    const setupToken = await poll('the set-up link', () => {
      const match = /\/setup\?token=([^\s"'<>]+)/.exec(output)
      if (child.exitCode !== null) throw new Error(`server exited:\n${output}`)
      return match?.[1]
    })
    const setup = await poll('the first-run set-up', async () => {
      try {
        const answer = await call(
          `${url}/api/v1/setup`,
          {},
          {
            token: decodeURIComponent(setupToken),
            tenantName: 'Example Support',
            tenantSlug: 'example',
            adminName: 'Ada Admin',
            adminEmail: 'ada@example.com',
            password: 'correct horse battery staple',
          },
        )
        if (answer.status !== 201) throw new Error(`set-up: ${answer.status} ${answer.text}`)
        return answer
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('set-up:')) throw error
        return undefined
      }
    })
    const cookie = String(setup.headers['set-cookie']).split(';')[0] ?? ''
    const { csrfToken } = JSON.parse(setup.text) as { csrfToken: string }
    const admin = { cookie, 'x-csrf-token': csrfToken }
    return {
      url,
      fingerprint: await certificateFingerprint(port),
      admin,
      dataDir,
      async createSession() {
        const answer = await call(`${url}/api/v1/sessions`, admin, { expiresInMinutes: 30 })
        if (answer.status >= 300) throw new Error(`sessions: ${answer.status} ${answer.text}`)
        return (JSON.parse(answer.text) as { session: { id: string; code: string } }).session
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
}

function call(url: string, headers: Record<string, string>, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        rejectUnauthorized: false,
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)))
    req.on('error', reject)
    req.end(payload)
  })
}

async function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function certificateFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256.replace(/:/g, '').toLowerCase())
      socket.end()
    })
    socket.on('error', reject)
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => {
        resolve(port)
      })
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve()
      return
    }
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL')
    }, 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    process.kill(child.pid, 'SIGTERM')
  })
}
