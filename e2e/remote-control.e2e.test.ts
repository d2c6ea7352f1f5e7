/**
 * Remote control end to end, real parts only (issue 3 "Done when"): an Xvfb display with an
 * xterm; the built server; the operator in Chromium creates a number in the console; the
 * customer's executable, as downloaded from the server, starts with it; 承諾 in its own window;
 * the operator sees the xterm on the canvas (compared pixel by pixel with the display), types
 * a command that runs there, moves and clicks; the customer's キャンセル ends it on both sides
 * and the history row has both addresses and times. Also: 拒否, and a dropped connection that
 * resumes with a new handshake and no new consent.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'

import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { type AgentProcess, CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { certificateFingerprint } from './support/certificate.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, screenshot, watchForProblems } from './support/console-page.js'
import {
  agentVerificationCode,
  expectCanvasShowsDisplay,
  expectViewerShowsScreen,
  pagePoint,
  viewerVerificationCode,
} from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { startTcpProxy } from './support/tcp-proxy.js'
import { startTerminal } from './support/terminal-window.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'

const WIDTH = 1024
const HEIGHT = 768
const PASSWORD = 'correct horse battery staple'
/** Preparing the server's copy of the executable: patch, hash, sign, compress ~120 MB. */
const DOWNLOAD_TIMEOUT_MS = 180_000

interface HistoryRow {
  id: string
  outcome: string | null
  startedAt: string | null
  endedAt: string | null
  customerIp: string | null
  operatorIp: string | null
}

/** Downloads the customer's program as a browser would, keeping the served file name. */
function downloadAgent(server: TestServer, code: string, dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${server.url}/api/v1/agent/downloads/linux-x64?code=${code}`,
      {
        headers: { 'accept-encoding': 'br' },
        rejectUnauthorized: false,
        timeout: DOWNLOAD_TIMEOUT_MS,
      },
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('error', reject)
        answer.on('end', () => {
          if (answer.statusCode !== 200) {
            reject(new Error(`download answered ${String(answer.statusCode)}`))
            return
          }
          const name = /filename="([^"]+)"/.exec(String(answer.headers['content-disposition']))
          const path = join(dir, name?.[1] ?? 'unnamed')
          writeFile(path, brotliDecompressSync(Buffer.concat(chunks)))
            .then(() => chmod(path, 0o755))
            .then(() => {
              resolve(path)
            }, reject)
        })
      },
    )
    call.on('timeout', () => call.destroy(new Error('the download timed out')))
    call.on('error', reject)
    call.end()
  })
}

/** Button or key events on the root window, as `xev` reports them. */
function watchRoot(
  x: XDisplay,
  events: 'button' | 'keyboard',
): { process: ChildProcess; output: () => string } {
  const xev = spawn('xev', ['-root', '-event', events], { env: x.env })
  let output = ''
  xev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  return { process: xev, output: () => output }
}

describe('remote control with the real agent, relay and viewer', () => {
  let x: XDisplay
  let workDir: string
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operatorContext: BrowserContext
  let operator: Page
  let problems: () => readonly string[]
  const agents: AgentProcess[] = []

  beforeAll(async () => {
    const buildsDir = await linuxAgentBuild()
    x = await startXDisplay(WIDTH, HEIGHT)
    workDir = await mkdtemp(join(tmpdir(), 'tasuke-remote-'))
    await startTerminal(x, `cd '${workDir}' && PS1='$ ' exec bash --norc --noprofile`)
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operatorContext = await newContext(browser, 'ja-JP')
    operator = await operatorContext.newPage()
    await operator.setViewportSize({ width: 1400, height: 1100 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    // Whatever beforeAll got to start is stopped, even when it failed half-way.
    for (const agent of agents) agent.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    if ((workDir as string | undefined) !== undefined) {
      await rm(workDir, { recursive: true, force: true })
    }
  })

  /** The operator creates a number in the console and opens its viewer; returns the number. */
  const createSessionInConsole = async () => {
    await operator.goto(`${server.url}/sessions`)
    const shown = operator.getByTestId('new-session-code')
    const previous = (await shown.count()) > 0 ? await shown.getAttribute('data-code') : null
    await operator.getByTestId('new-session').click()
    await operator.waitForFunction((before) => {
      const code = document
        .querySelector('[data-testid="new-session-code"]')
        ?.getAttribute('data-code')
      return typeof code === 'string' && code !== before
    }, previous)
    const code = (await shown.getAttribute('data-code')) ?? ''
    await operator
      .locator(`tr[data-session-code="${code}"]`)
      .getByRole('link', { name: /画面を見る/ })
      .click()
    await operator.waitForURL('**/sessions/*/view', { timeout: UI_TIMEOUT_MS })
    const sessionId = /\/sessions\/([^/]+)\/view/.exec(operator.url())?.[1] ?? ''
    return { code, sessionId }
  }

  /** The customer downloads the program for the number, runs it and opens its window. */
  const customerStarts = async (code: string, extraArgs: string[] = []) => {
    const executable = await downloadAgent(server, code, workDir)
    const agent = startAgent(['--no-browser', '--lang', 'ja', ...extraArgs], executable, x.env)
    agents.push(agent)
    const [, url] = await agent.waitFor(CONSENT_URL)
    const consent = await (await newContext(browser, 'ja-JP')).newPage()
    await consent.goto(url ?? '')
    await consent.getByRole('button', { name: '承諾' }).waitFor({ timeout: UI_TIMEOUT_MS })
    return { agent, consent }
  }

  const historyRow = async (id: string) => {
    const { rows } = (await admin.get('/history')) as { rows: HistoryRow[] }
    return rows.find((row) => row.id === id)
  }

  const verificationCodes = async (consent: Page) => ({
    viewer: await viewerVerificationCode(operator),
    customer: await agentVerificationCode(consent),
  })

  it('shows the xterm, runs what the operator types, follows the mouse, and ends on キャンセル', async () => {
    const { code, sessionId } = await createSessionInConsole()
    await operator.getByText(/接続を待っています/).waitFor({ timeout: UI_TIMEOUT_MS })
    const { agent, consent } = await customerStarts(code)
    await consent.getByText('Example Support').first().waitFor()
    await consent.getByRole('button', { name: '承諾' }).click()

    // A six-digit code, the same on both sides; the canvas shows what the display shows,
    // pixel for pixel (text is sent lossless).
    const shown = await expectViewerShowsScreen(operator, x)
    expect(await agentVerificationCode(consent)).toBe(shown)
    await consent.getByText('接続されました').first().waitFor()

    // Typing: a click on the xterm (the pointer gives it the keyboard), then a command.
    const inTerminal = await pagePoint(operator, 300, 200)
    await operator.mouse.click(inTerminal.x, inTerminal.y)
    await operator.keyboard.type('touch typed-by-operator && echo "done-$((6*7)) #~@!" > result')
    await operator.keyboard.press('Enter')
    await expect
      .poll(() => existsSync(join(workDir, 'typed-by-operator')), { timeout: 15_000 })
      .toBe(true)
    await expect
      .poll(() => readFile(join(workDir, 'result'), 'utf8').catch(() => ''), { timeout: 5_000 })
      .toBe('done-42 #~@!\n')
    // …and its output comes back on the canvas.
    await expectCanvasShowsDisplay(operator, x, 15_000)
    await screenshot(operator, 'remote-control.png')

    // Moving: the pointer on the display follows the operator's mouse.
    const target = await pagePoint(operator, 700, 600)
    await operator.mouse.move(target.x, target.y, { steps: 5 })
    await expect
      .poll(async () => (await x.xdotool('getmouselocation')).trim(), { timeout: 10_000 })
      .toMatch(/^x:700 y:600 /)
    // …and the viewer draws the remote cursor there itself (it is not in the picture).
    await expect
      .poll(
        () =>
          operator.evaluate(() => {
            const overlay = document.querySelectorAll<HTMLCanvasElement>(
              '[data-testid="viewer"] canvas',
            )[1]
            if (overlay === undefined || overlay.style.display === 'none') return null
            const box = overlay.getBoundingClientRect()
            return { x: Math.round(box.left), y: Math.round(box.top), width: overlay.width }
          }),
        { timeout: 10_000 },
      )
      .not.toBeNull()

    // Clicking: a press outside the xterm reaches the root window as button 1.
    const clicks = watchRoot(x, 'button')
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      await operator.mouse.click(target.x, target.y)
      await expect
        .poll(() => clicks.output(), { timeout: 10_000 })
        .toMatch(/ButtonPress event[\s\S]*root:\(700,600\)[\s\S]*button 1/)
    } finally {
      clicks.process.kill()
    }

    // The toolbar. Ctrl+Alt+Del, which no browser passes on, arrives as the three keys.
    const keys = watchRoot(x, 'keyboard')
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      await operator.getByTestId('ctrl-alt-del').click()
      await expect
        .poll(() => keys.output(), { timeout: 10_000 })
        .toMatch(/KeyPress[\s\S]*Control_L[\s\S]*KeyPress[\s\S]*Alt_L[\s\S]*KeyPress[\s\S]*Delete/)
    } finally {
      keys.process.kill()
    }
    // View only: nothing the operator types reaches the display, though the pointer (and so
    // the keyboard) is on the xterm.
    await operator.mouse.click(inTerminal.x, inTerminal.y)
    await expect
      .poll(async () => (await x.xdotool('getmouselocation')).trim(), { timeout: 10_000 })
      .toMatch(/^x:300 y:200 /)
    await operator.getByTestId('view-only').click()
    await operator.mouse.click(inTerminal.x, inTerminal.y)
    await operator.keyboard.type('touch view-only-leak')
    await operator.keyboard.press('Enter')
    await operator.getByTestId('view-only').click()
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(existsSync(join(workDir, 'view-only-leak'))).toBe(false)
    // 1:1 shows the remote pixels unscaled.
    await operator.getByTestId('scale-one-to-one').click()
    await expect
      .poll(() =>
        operator.evaluate(
          () =>
            document.querySelector<HTMLCanvasElement>('[data-testid="viewer"] canvas')?.clientWidth,
        ),
      )
      .toBe(WIDTH)
    await operator.getByTestId('scale-fit').click()

    // The customer ends it: both sides say so, the program exits, history is complete.
    await consent.getByRole('button', { name: 'キャンセル' }).click()
    await operator
      .locator('[data-testid="viewer-state"][data-ended-by="customer"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    await consent.getByText('リモート接続を終了しました').first().waitFor()
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    await expect.poll(async () => (await historyRow(sessionId))?.outcome).toBe('completed')
    const row = await historyRow(sessionId)
    expect(row).toMatchObject({ customerIp: '127.0.0.1', operatorIp: '127.0.0.1' })
    expect(Date.parse(row?.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(row?.endedAt ?? ''))
    expect(problems()).toEqual([])
  })

  it('shares nothing after 拒否, and the operator is told', async () => {
    const { code, sessionId } = await createSessionInConsole()
    const { agent, consent } = await customerStarts(code)
    await consent.getByRole('button', { name: '拒否' }).click()
    await operator
      .locator('[data-testid="viewer-state"][data-phase="ended"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await operator.getByTestId('viewer-state').textContent()).toContain('拒否')
    expect((await agent.exited).exitCode).toBe(0)
    await expect.poll(async () => (await historyRow(sessionId))?.outcome).toBe('declined')
  })

  it('resumes after the network drops: a new handshake, the same consent, the screen again', async () => {
    const proxy = await startTcpProxy(new URL(server.url))
    try {
      const { code } = await createSessionInConsole()
      const fingerprint = await certificateFingerprint(server.url)
      const { agent, consent } = await customerStarts(code, [
        '--server',
        proxy.url,
        '--fingerprint',
        fingerprint,
      ])
      await consent.getByRole('button', { name: '承諾' }).click()
      const before = await verificationCodes(consent)
      expect(before.customer).toBe(before.viewer)

      expect(proxy.cutAll()).toBeGreaterThan(0)
      // The agent reconnects through the same address; a new handshake gives a new code.
      await expect
        .poll(async () => (await verificationCodes(consent)).viewer, { timeout: 30_000 })
        .not.toBe(before.viewer)
      const after = await verificationCodes(consent)
      expect(after.customer).toBe(after.viewer)
      expect(await consent.getByRole('button', { name: '承諾' }).count()).toBe(0)
      await expectCanvasShowsDisplay(operator, x)

      await consent.getByRole('button', { name: 'キャンセル' }).click()
      expect((await agent.exited).exitCode).toBe(0)
    } finally {
      await proxy.close()
    }
  })
})
