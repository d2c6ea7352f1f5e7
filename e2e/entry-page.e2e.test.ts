/**
 * The tenant's entry page and the generic program, end to end with real parts: the built
 * server with the real Linux executable, Chromium, Xvfb with an xterm. A: the admin brands the
 * page, the operator issues a number, the customer types it with a space on /s/<slug>, clicks
 * 接続, gets the bound program, runs it, clicks 承諾 in its window, and the entry page shows
 * 接続されました by itself; bad numbers get their messages. B: the generic program asks for
 * the number in its own window, refuses a wrong one, and takes the right one to 承諾. Both end
 * with the operator, logged in to the console, seeing the customer's screen (pixel for pixel)
 * with the same verification code as the agent's window, until the customer's キャンセル.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { type AgentProcess, CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, COMPANY, setUpCompany } from './support/company.js'
import { logIn, screenshot, UI_TIMEOUT_MS, watchForProblems } from './support/console-page.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import {
  agentVerificationCode,
  expectOperatorSeesScreen,
  waitForViewerEnd,
} from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { startTerminalShowing } from './support/terminal-window.js'
import { startXDisplay, type XDisplay } from './support/x-display.js'

/** The server prepares its copy of the 120 MB build on the first request. */
const PREPARE_TIMEOUT_MS = 150_000
const LINUX_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const PASSWORD = 'correct horse battery staple'
/** Stands in for the tenant's logo on its own web site (no internet here). */
const LOGO_URL = 'https://logo.example.test/logo.svg'
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="6" fill="#2e7d32"/><text x="60" y="26" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">SASAKI</text></svg>'

describe('customer entry page and program first', () => {
  let server: TestServer
  let browser: Browser
  let x: XDisplay
  let workDir: string
  let headers: Record<string, string>
  let operator: Page
  let operatorProblems: () => readonly string[]
  const agents: AgentProcess[] = []
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'tasuke-entry-e2e-'))
    const buildsDir = await linuxAgentBuild()
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    headers = { ...(await setUpCompany(server)).headers }
    x = await startXDisplay()
    await startTerminalShowing(x, 'entry page e2e: the customer screen')
    browser = await launchBrowser()
    // The operator who issues the numbers (the admin) works in the console.
    const operatorContext = await newContext(browser, 'ja-JP')
    contexts.push(operatorContext)
    operator = await operatorContext.newPage()
    operatorProblems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
    // The admin brands the page: name, colour, logo.
    const branded = await httpsCall(`${server.url}/api/v1/tenant`, {
      method: 'PATCH',
      headers,
      body: { name: 'ササキ・サポート株式会社', brandColor: '#2E7D32', logoUrl: LOGO_URL },
    })
    expect(branded.status, branded.text).toBe(200)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    for (const context of contexts) await context.close().catch(() => undefined)
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    if ((workDir as string | undefined) !== undefined) {
      await rm(workDir, { recursive: true, force: true })
    }
  })

  const issue = async () => {
    const created = await httpsCall(`${server.url}/api/v1/sessions`, {
      headers,
      body: { expiresInMinutes: 30 },
    })
    expect(created.status, created.text).toBe(201)
    return (jsonOf(created) as { session: { id: string; code: string } }).session
  }

  const customerPage = async (locale: string): Promise<Page> => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale,
      userAgent: LINUX_CHROME,
      acceptDownloads: true,
      viewport: { width: 900, height: 1000 },
    })
    contexts.push(context)
    await context.route(LOGO_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG }),
    )
    return context.newPage()
  }

  /** Runs a downloaded program on the X display and opens its window; returns both. */
  const runProgram = async (path: string) => {
    await chmod(path, 0o755)
    const agent = startAgent(['--no-browser', '--lang', 'ja'], path, x.env)
    agents.push(agent)
    const [, url] = await agent.waitFor(CONSENT_URL)
    const window = await customerPage('ja-JP')
    await window.goto(url ?? '')
    return { agent, window }
  }

  it(
    'A: the number typed on the entry page downloads the bound program; 承諾 shows 接続されました there',
    async () => {
      const session = await issue()
      const page = await customerPage('ja-JP')
      const problems = watchForProblems(page)
      const answer = await page.goto(`${server.url}/s/${COMPANY.slug}`, {
        timeout: PREPARE_TIMEOUT_MS,
      })
      expect(answer?.status()).toBe(200)
      expect(await page.getByTestId('entry-company').textContent()).toBe('ササキ・サポート株式会社')
      await expect
        .poll(() =>
          page.getByTestId('entry-logo').evaluate((img: HTMLImageElement) => img.naturalWidth),
        )
        .toBeGreaterThan(0)
      const headerColour = await page
        .getByTestId('entry-header')
        .evaluate((el) => getComputedStyle(el).backgroundColor)
      expect(headerColour).toBe('rgb(46, 125, 50)')
      await screenshot(page, 'entry-page-ja.png')

      // Bad numbers, each with its own message.
      const input = page.getByTestId('entry-code-input')
      const connect = page.getByRole('button', { name: '接続' })
      const tryNumber = async (typed: string, message: string) => {
        await input.fill(typed)
        await connect.click()
        await page.getByTestId('entry-problem').filter({ hasText: message }).waitFor()
      }
      await tryNumber('12ab 5678', 'セッション番号に使えるのは数字だけです')
      await tryNumber('1234 567', 'セッション番号は8桁の数字です')
      await tryNumber('0000 0000', 'この番号のセッションは見つかりません')

      await input.fill(`${session.code.slice(0, 4)} ${session.code.slice(4)}`)
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: PREPARE_TIMEOUT_MS }),
        connect.click(),
      ])
      expect(download.suggestedFilename()).toBe(`tasuke-support-${session.code}`)
      const path = join(workDir, download.suggestedFilename())
      await download.saveAs(path)
      const status = page.getByTestId('entry-status')
      await status.filter({ hasText: 'プログラムの実行をお待ちしています' }).waitFor()
      const steps = await page.getByTestId('entry-next-steps').innerText()
      expect(steps).toContain('chmod +x')
      expect(await page.getByTestId('entry-sha256').textContent()).toMatch(/^[0-9a-f]{64}$/)

      const { agent, window } = await runProgram(path)
      await status
        .filter({ hasText: '「承諾」をクリックしてください' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await window.getByText('ササキ・サポート株式会社').first().waitFor()
      await window.getByRole('button', { name: '承諾' }).click()
      await window.getByText('接続されました').first().waitFor({ timeout: UI_TIMEOUT_MS })
      await status.filter({ hasText: '接続されました' }).waitFor({ timeout: UI_TIMEOUT_MS })
      await screenshot(page, 'entry-next-steps-ja.png')

      // The operator sees the screen, with the code the customer's window shows.
      const shown = await expectOperatorSeesScreen(operator, server.url, session.id, x)
      expect(await agentVerificationCode(window)).toBe(shown)

      await window.getByRole('button', { name: 'キャンセル' }).click()
      await waitForViewerEnd(operator, 'customer')
      await status
        .filter({ hasText: 'リモート接続は終了しました' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      expect((await agent.exited).exitCode).toBe(0)

      // The number is used now, and says so.
      await page.goto(`${server.url}/s/${COMPANY.slug}`)
      await tryNumber(session.code, 'この番号はすでに使用されています')
      expect(problems()).toEqual([])
      expect(operatorProblems()).toEqual([])
      expect(server.output()).not.toContain(session.code)
    },
    PREPARE_TIMEOUT_MS * 2,
  )

  it(
    'shows the page in English with the switch',
    async () => {
      const page = await customerPage('ja-JP')
      await page.goto(`${server.url}/s/${COMPANY.slug}`)
      await page.getByRole('link', { name: 'English' }).click()
      await page.getByRole('heading', { name: 'Enter your session number' }).waitFor()
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      await page.getByRole('button', { name: 'Connect' }).waitFor()
      await screenshot(page, 'entry-page-en.png')
    },
    UI_TIMEOUT_MS * 2,
  )

  it(
    'B: the generic program asks for the number in its window, refuses a wrong one, then 承諾; the operator sees the screen',
    async () => {
      const session = await issue()
      const page = await customerPage('ja-JP')
      await page.goto(`${server.url}/s/${COMPANY.slug}`)
      const link = page.getByTestId('entry-program-linux-x64')
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: PREPARE_TIMEOUT_MS }),
        link.click(),
      ])
      expect(download.suggestedFilename()).toBe('tasuke-support')
      const dir = await mkdtemp(join(workDir, 'generic-'))
      const path = join(dir, 'tasuke-support')
      await download.saveAs(path)

      const { agent, window } = await runProgram(path)
      const field = window.locator('#session-code')
      await field.waitFor({ timeout: UI_TIMEOUT_MS })
      await screenshot(window, 'agent-code-prompt-ja.png')
      // The window's own language switch; the docs show it in English too.
      await window.locator('#language button[data-language="en"]').click()
      await window.getByRole('heading', { name: 'Enter your session number' }).waitFor()
      await screenshot(window, 'agent-code-prompt-en.png')
      await window.locator('#language button[data-language="ja"]').click()
      await window.getByRole('heading', { name: 'セッション番号を入力してください' }).waitFor()
      await field.fill('9999 0000')
      await window.locator('#submit-code').click()
      await window
        .locator('#code-problem', { hasText: 'この番号のセッションは見つかりません' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await window
        .locator('#session-code')
        .fill(`${session.code.slice(0, 4)}-${session.code.slice(4)}`)
      await window.locator('#submit-code').click()
      await window.getByText('ササキ・サポート株式会社').first().waitFor({ timeout: UI_TIMEOUT_MS })
      await window.getByRole('button', { name: '承諾' }).click()
      await window.getByText('接続されました').first().waitFor({ timeout: UI_TIMEOUT_MS })

      const shown = await expectOperatorSeesScreen(operator, server.url, session.id, x)
      expect(await agentVerificationCode(window)).toBe(shown)

      await window.getByRole('button', { name: 'キャンセル' }).click()
      await waitForViewerEnd(operator, 'customer')
      expect((await agent.exited).exitCode).toBe(0)
      expect(operatorProblems()).toEqual([])
    },
    PREPARE_TIMEOUT_MS * 2,
  )
})
