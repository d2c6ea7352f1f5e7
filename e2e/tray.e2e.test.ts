/**
 * The tray icon with 中止 (issue 6), real parts only: the built server, the customer's
 * executable on an Xvfb display with a private session bus, a StatusNotifierWatcher on that
 * bus (the agent's test watcher, run as its own program), and the operator's viewer in
 * Chromium. After 承諾 the item registers and its menu says who is connected and has 中止;
 * a click on 中止 ends the session, and the viewer says the customer ended it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import type { AgentProcess } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, watchForProblems } from './support/console-page.js'
import { customerAccepts } from './support/customer-accepts.js'
import { waitForViewerEnd } from './support/operator-viewer.js'
import { REPO_ROOT, startServer, type TestServer } from './support/start-server.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'
const WATCHER_MAIN = join(REPO_ROOT, 'packages/agent/src/tray/test-support/watcher-main.ts')
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx')
const WATCHER_WAIT_MS = 30_000

type WatcherMessage =
  | { type: 'ready'; address: string }
  | { type: 'registered'; service: string }
  | { type: 'menu'; items: { id: number; label: string; enabled: boolean }[] }
  | { type: 'clicked' }
  | { type: 'error'; message: string }

/** The watcher program: a private bus and a StatusNotifierWatcher, driven over JSON lines. */
interface WatcherProcess {
  next<T extends WatcherMessage['type']>(type: T): Promise<Extract<WatcherMessage, { type: T }>>
  send(command: { type: 'menu' } | { type: 'click'; id: number }): void
  stop(): Promise<void>
}

function startWatcher(): WatcherProcess {
  const child: ChildProcessWithoutNullStreams = spawn(TSX, [WATCHER_MAIN], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const received: WatcherMessage[] = []
  const waiting = new Set<() => void>()
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
  createInterface({ input: child.stdout }).on('line', (line) => {
    received.push(JSON.parse(line) as WatcherMessage)
    for (const wake of [...waiting]) wake()
  })
  return {
    next: (type) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(check)
          reject(new Error(`the watcher never said ${type}; stderr: ${errors}`))
        }, WATCHER_WAIT_MS)
        const check = () => {
          const index = received.findIndex(
            (message) => message.type === type || message.type === 'error',
          )
          if (index < 0) return
          const [message] = received.splice(index, 1)
          waiting.delete(check)
          clearTimeout(timer)
          if (message?.type === 'error') reject(new Error(`watcher: ${message.message}`))
          else resolve(message as Extract<WatcherMessage, { type: typeof type }>)
        }
        waiting.add(check)
        check()
      }),
    send: (command) => {
      child.stdin.write(`${JSON.stringify(command)}\n`)
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(child.pid, 'SIGTERM')
      await exited
    },
  }
}

describe('the tray icon with 中止 (issue 6)', () => {
  let x: XDisplay
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  let watcher: WatcherProcess
  let busAddress: string
  const agents: AgentProcess[] = []

  beforeAll(async () => {
    const buildsDir = await linuxAgentBuild()
    watcher = startWatcher()
    busAddress = (await watcher.next('ready')).address
    x = await startXDisplay(800, 600)
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    await (watcher as WatcherProcess | undefined)?.stop()
  })

  it('registers after 承諾, names the operator, and 中止 in its menu ends the session', async () => {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    await operator.goto(`${server.url}/sessions/${encodeURIComponent(session.id)}/view`)
    await operator
      .locator('[data-testid="viewer-state"][data-phase="waiting"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    const executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    const { agent } = await customerAccepts(browser, server, session.code, x, executable, [], {
      DBUS_SESSION_BUS_ADDRESS: busAddress,
    })
    agents.push(agent)
    await operator
      .locator('[data-testid="viewer-state"][data-phase="active"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })

    const { service } = await watcher.next('registered')
    expect(service).toMatch(/^org\.kde\.StatusNotifierItem-\d+-1$/)
    watcher.send({ type: 'menu' })
    const { items } = await watcher.next('menu')
    expect(items.map(({ label, enabled }) => ({ label, enabled }))).toEqual([
      { label: `${ADMIN.name} が接続しています`, enabled: false },
      { label: '中止', enabled: true },
    ])

    watcher.send({ type: 'click', id: items[1]?.id ?? -1 })
    await watcher.next('clicked')
    await waitForViewerEnd(operator, 'customer')
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).not.toContain('no tray on this desktop')
    expect(problems()).toEqual([])
  })
})
