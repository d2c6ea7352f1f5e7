/**
 * Runs the BUILT server (`packages/server/dist/main.js`) as a child process on a free port,
 * with a fresh data directory (and, for PostgreSQL, a fresh schema), and reads the first-run
 * set-up link from its output.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { httpsCall } from './https-request.js'
import { createTestSchema, type TestSchema } from './postgres.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const SERVER_MAIN = join(REPO_ROOT, 'packages/server/dist/main.js')

export type DatabaseKind = 'sqlite' | 'postgres'

export interface TestServer {
  /** `https://127.0.0.1:<port>` (PUBLIC_URL), without a trailing slash. */
  readonly url: string
  /** The first-run link the server printed. */
  readonly setupUrl: string
  readonly pid: number
  /** Its data directory (SQLite database, keys, certificate), removed by `stop()`. */
  readonly dataDir: string
  /** Everything the server wrote so far, for failure messages. */
  output(): string
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000
const SETUP_LINK = /(https?:\/\/\S+\/setup\?token=[^\s"'<>]+)/

export function freePort(): Promise<number> {
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

function randomKey(): string {
  return randomBytes(32).toString('base64')
}

/**
 * @param extraEnv more settings for the server (e.g. AGENT_BUILDS_DIR); they win over the
 *   defaults above.
 */
export async function startServer(
  database: DatabaseKind,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<TestServer> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(
      `${SERVER_MAIN} does not exist: build the server first (npx tsc -b packages/server)`,
    )
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tasuke-e2e-'))
  const schema: TestSchema | null = database === 'postgres' ? await createTestSchema() : null
  const port = await freePort()
  const url = `https://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    // No agent builds unless a test brings its own: preparing the downloads of whatever
    // `scripts/start.sh` built would cost every test server seconds of CPU and memory.
    AGENT_BUILDS_DIR: join(dataDir, 'no-agent-builds'),
  }
  delete env['DATABASE_URL']
  delete env['REDIS_URL']
  delete env['SMTP_URL']
  delete env['AGENT_SIGNING_KEY']
  delete env['AUTHENTICODE_CERT']
  delete env['AUTHENTICODE_KEY']
  if (schema !== null) {
    Object.assign(env, {
      DATABASE_URL: schema.url,
      EMAIL_ENCRYPTION_KEY: randomKey(),
      EMAIL_INDEX_KEY: randomKey(),
      CHAT_ENCRYPTION_KEY: randomKey(),
      TOTP_ENCRYPTION_KEY: randomKey(),
    })
  }
  Object.assign(env, extraEnv)

  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => (output += chunk))

  const cleanUp = async () => {
    await rm(dataDir, { recursive: true, force: true })
    await schema?.drop()
  }

  try {
    const setupUrl = await waitForSetupLink(
      child,
      (chunk) => (output += chunk),
      () => output,
    )
    await waitForHealth(url, child, () => output)
    return {
      url,
      setupUrl,
      pid: child.pid ?? 0,
      dataDir,
      output: () => output,
      stop: async () => {
        await stopChild(child)
        await cleanUp()
      },
    }
  } catch (error) {
    await stopChild(child)
    await cleanUp()
    throw error
  }
}

function waitForSetupLink(
  child: ChildProcess,
  record: (chunk: string) => void,
  output: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = ''
    const timer = setTimeout(() => {
      fail(new Error(`no set-up link within ${START_TIMEOUT_MS} ms. Output:\n${output()}`))
    }, START_TIMEOUT_MS)
    const onData = (chunk: string) => {
      record(chunk)
      pending += chunk
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const match = line.includes('/setup?token=') ? SETUP_LINK.exec(line) : null
        if (match?.[1] !== undefined) {
          clearTimeout(timer)
          child.off('exit', onExit)
          resolve(match[1])
          return
        }
      }
    }
    const onExit = (code: number | null, signal: string | null) => {
      fail(
        new Error(
          `server exited (code ${String(code)}, signal ${String(signal)}) before printing the set-up link. Output:\n${output()}`,
        ),
      )
    }
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
      reject(error)
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  let last = ''
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}. Output:\n${output()}`)
    try {
      const answer = await httpsCall(`${url}/healthz`, { timeoutMs: 2000 })
      if (answer.status === 200) return
      last = `${answer.status} ${answer.text.slice(0, 200)}`
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`GET /healthz never answered 200 (last: ${last}). Output:\n${output()}`)
}

/** SIGTERM by PID, then SIGKILL if it has not gone after a grace period. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve()
    }),
  )
  process.kill(child.pid, 'SIGTERM')
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL')
    }
  }, STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}
