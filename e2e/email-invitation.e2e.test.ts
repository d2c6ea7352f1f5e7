/**
 * セッション割当用メール (DESIGN.md S5), end to end with real parts: the built server with the
 * real Linux executable and SMTP_URL pointing at a real SMTP listener in this test; the
 * operator fills "メールで招待" in Chromium; the test reads the mail as received (both parts),
 * renders its HTML, follows its link in a Linux Chromium to the join page and downloads
 * tasuke-support-<code>; the customer runs it on Xvfb (an xterm on it), clicks 承諾 in its
 * window, and the operator sees that screen in the console's viewer with the same
 * verification code, until the customer's キャンセル; the history row of the session names
 * the invited address. A withdrawn invitation's link then shows the expired page; the form
 * and the mail in English.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { type AgentProcess, CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, COMPANY, setUpCompany } from './support/company.js'
import {
  logIn,
  screenshot,
  switchLanguage,
  UI_TIMEOUT_MS,
  watchForProblems,
} from './support/console-page.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import {
  agentVerificationCode,
  expectOperatorSeesScreen,
  sessionIdInConsole,
  waitForViewerEnd,
} from './support/operator-viewer.js'
import { type SmtpListener, startSmtpListener } from './support/smtp-sink.js'
import { startServer, type TestServer } from './support/start-server.js'
import { startTerminalShowing } from './support/terminal-window.js'
import { startXDisplay, type XDisplay } from './support/x-display.js'

/** The server prepares its copy of the build on the first download (tens of seconds). */
const PREPARE_TIMEOUT_MS = 150_000
const LINUX_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const CUSTOMER = 'kunde.e2e@customer.example'
const ENGLISH_CUSTOMER = 'jane.e2e@customer.example'
const PASSWORD = 'correct horse battery staple'

interface HistoryRow {
  id: string
  outcome: string | null
  customerEmail: string | null
}

describe('operator invites a customer by e-mail; the customer follows the link', () => {
  let server: TestServer
  let smtp: SmtpListener
  let browser: Browser
  let headers: Record<string, string>
  let admin: AdminApi
  let x: XDisplay
  let workDir: string
  const agents: AgentProcess[] = []

  beforeAll(async () => {
    smtp = await startSmtpListener()
    const buildsDir = await linuxAgentBuild()
    server = await startServer('sqlite', {
      SMTP_URL: smtp.url,
      MAIL_FROM: `${COMPANY.name} <support@example.com>`,
      AGENT_BUILDS_DIR: buildsDir,
    })
    admin = await setUpCompany(server)
    headers = { ...admin.headers }
    workDir = await mkdtemp(join(tmpdir(), 'tasuke-invitation-e2e-'))
    x = await startXDisplay()
    await startTerminalShowing(x, 'e-mail invitation e2e: the customer screen')
    browser = await launchBrowser()
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    // Whatever beforeAll got to start is stopped, even when it failed half-way.
    for (const agent of agents) agent.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (smtp as SmtpListener | undefined)?.close()
    await (x as XDisplay | undefined)?.stop()
    if ((workDir as string | undefined) !== undefined) {
      await rm(workDir, { recursive: true, force: true })
    }
  })

  const historyRow = async (id: string) => {
    const { rows } = (await admin.get('/history')) as { rows: HistoryRow[] }
    return rows.find((row) => row.id === id)
  }

  it(
    'sends the Japanese mail from the console; its link downloads the bound program, and the operator sees the screen',
    async () => {
      const operatorContext = await newContext(browser, 'ja-JP')
      const operatorPage = await operatorContext.newPage()
      const problems = watchForProblems(operatorPage)
      await logIn(operatorPage, server.url, ADMIN.email, PASSWORD)

      // A bad address is refused in the browser before anything is sent.
      await operatorPage.getByTestId('invitation-email').fill('not-an-address')
      await operatorPage.getByTestId('invitation-send').click()
      await expect
        .poll(() => operatorPage.locator('#invitation-email-error').textContent())
        .toBe('正しいメールアドレスを入力してください。')
      expect(smtp.received).toHaveLength(0)

      await operatorPage.getByTestId('invitation-email').fill(CUSTOMER)
      await operatorPage.locator('#invitation-expiry').selectOption('60')
      expect(await operatorPage.locator('#invitation-language').inputValue()).toBe('ja')
      await operatorPage.getByTestId('invitation-send').click()
      const result = operatorPage.locator('[data-testid="invitation-result"][data-delivery="sent"]')
      await result.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await result.textContent()).toContain(`${CUSTOMER} に招待メールを送信しました`)
      await operatorPage
        .locator('[data-testid="invitations-table"] tr[data-delivery="sent"]')
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await screenshot(operatorPage, 'email-invitation-form.png')

      const mail = await smtp.waitFor(0)
      expect(mail.to).toEqual([CUSTOMER])
      expect(mail.subject).toBe(`【${COMPANY.name}】リモートサポートのご案内`)
      expect(mail.contentTypes[0]).toMatch(/^multipart\/alternative/i)
      expect(mail.text).toContain(`${COMPANY.name} の ${ADMIN.name} です。`)
      // The browser's zone is Asia/Tokyo (newContext): the expiry is written in JST.
      expect(mail.text).toMatch(
        /このリンクは \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} \(JST\) まで有効です。/,
      )
      const link = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/i/[A-Za-z0-9_-]{43}`).exec(
        mail.text,
      )?.[0]
      expect(link).toBeDefined()
      expect(mail.html).toContain(`href="${link ?? ''}"`)
      const code = /セッション番号: (\d{4}) (\d{4})/.exec(mail.text)?.slice(1).join('') ?? ''
      expect(code).toMatch(/^\d{8}$/)
      const sessionId = await sessionIdInConsole(operatorPage, server.url, code)

      // The mail's HTML part as a mail program would show it.
      const mailView = await operatorContext.newPage()
      await mailView.setContent(mail.html)
      expect(await mailView.locator('a').getAttribute('href')).toBe(link)
      await screenshot(mailView, 'email-invitation-mail.png')
      await mailView.close()

      const customer = await browser.newContext({
        ignoreHTTPSErrors: true,
        locale: 'en-US',
        userAgent: LINUX_CHROME,
        acceptDownloads: true,
      })
      try {
        const page = await customer.newPage()
        const answer = await page.goto(link ?? '', { timeout: PREPARE_TIMEOUT_MS })
        expect(answer?.status()).toBe(200)
        expect(new URL(page.url()).pathname).toBe(`/join/${code}`)
        // The mail's language wins over the browser's (en-US).
        expect(await page.locator('html').getAttribute('lang')).toBe('ja')
        expect(await page.getByTestId('join-code').textContent()).toBe(
          `${code.slice(0, 4)} ${code.slice(4)}`,
        )
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: PREPARE_TIMEOUT_MS }),
          page.getByTestId('join-download').click(),
        ])
        expect(download.suggestedFilename()).toBe(`tasuke-support-${code}`)
        await download.path()
        expect(await download.failure()).toBeNull()

        // The customer runs it; its own window asks for consent.
        const path = join(workDir, download.suggestedFilename())
        await download.saveAs(path)
        await chmod(path, 0o755)
        const agent = startAgent(['--no-browser', '--lang', 'ja'], path, x.env)
        agents.push(agent)
        const [, url] = await agent.waitFor(CONSENT_URL)
        const window = await customer.newPage()
        await window.goto(url ?? '')
        await window.getByText(COMPANY.name).first().waitFor({ timeout: UI_TIMEOUT_MS })
        await window.getByRole('button', { name: '承諾' }).click()
        await window.getByText('接続されました').first().waitFor({ timeout: UI_TIMEOUT_MS })

        // The operator sees the screen, with the code the customer's window shows.
        const shown = await expectOperatorSeesScreen(operatorPage, server.url, sessionId, x)
        expect(await agentVerificationCode(window)).toBe(shown)

        await window.getByRole('button', { name: 'キャンセル' }).click()
        await waitForViewerEnd(operatorPage, 'customer')
        const ended = await agent.exited
        expect(ended.exitCode, ended.stderr).toBe(0)
      } finally {
        await customer.close()
      }

      // The history row of that session names the address it was sent to, in the API and
      // in the console.
      await expect.poll(async () => (await historyRow(sessionId))?.outcome).toBe('completed')
      expect((await historyRow(sessionId))?.customerEmail).toBe(CUSTOMER)
      await operatorPage.getByRole('link', { name: '接続履歴' }).click()
      await operatorPage.getByTestId('history-table').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await operatorPage.getByTestId('customer-email').allTextContents()).toContain(CUSTOMER)
      const invited = operatorPage
        .getByTestId('history-row')
        .filter({ has: operatorPage.getByTestId('customer-email').filter({ hasText: CUSTOMER }) })
      expect(await invited.count()).toBe(1)
      expect(await invited.textContent()).toContain('完了')
      expect(problems()).toEqual([])
      await operatorContext.close()
      expect(server.output()).not.toContain(link ?? 'no link')
      expect(server.output()).not.toContain(CUSTOMER)
    },
    PREPARE_TIMEOUT_MS * 2,
  )

  it('shows a withdrawn invitation as expired, in the mail language, naming the company', async () => {
    const before = smtp.received.length
    const created = await httpsCall(`${server.url}/api/v1/sessions/invitations`, {
      headers,
      body: { email: CUSTOMER, language: 'en', expiresInMinutes: 15, timeZone: 'Europe/London' },
    })
    expect(created.status, created.text).toBe(201)
    const { session } = jsonOf(created) as { session: { id: string } }
    const mail = await smtp.waitFor(before)
    expect(mail.subject).toBe(`Remote support from ${COMPANY.name}`)
    expect(mail.text).toMatch(
      /The link is valid until \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} \((?:GMT|BST)\)\./,
    )
    const link = /https:\/\/\S+\/i\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0] ?? ''
    const cancelled = await httpsCall(`${server.url}/api/v1/sessions/${session.id}/cancel`, {
      headers,
      method: 'POST',
      body: {},
    })
    expect(cancelled.status, cancelled.text).toBe(200)

    const context = await newContext(browser, 'ja-JP')
    try {
      const page = await context.newPage()
      const problems = watchForProblems(page)
      const answer = await page.goto(link)
      expect(answer?.status()).toBe(410)
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      expect(await page.locator('h1').textContent()).toBe('This link has expired')
      expect(await page.getByTestId('invitation-expired').textContent()).toContain(
        `please contact ${COMPANY.name}`,
      )
      // The shared stylesheet applied (no inline style is allowed by the CSP).
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      expect(background).toBe('rgb(244, 246, 249)')
      await screenshot(page, 'email-invitation-expired.png')
      expect(problems()).toEqual([])

      const unknown = await page.goto(`${server.url}/i/${'x'.repeat(43)}`)
      expect(unknown?.status()).toBe(404)
    } finally {
      await context.close()
    }
  })

  it('sends the English mail from the console in English', async () => {
    const before = smtp.received.length
    const context = await newContext(browser, 'en-GB')
    try {
      const page = await context.newPage()
      const problems = watchForProblems(page)
      await logIn(page, server.url, ADMIN.email, PASSWORD)
      await switchLanguage(page, 'en')
      await page.getByTestId('invitation-email').fill(ENGLISH_CUSTOMER)
      expect(await page.locator('#invitation-language').inputValue()).toBe('en')
      await page.getByTestId('invitation-send').click()
      const result = page.locator('[data-testid="invitation-result"][data-delivery="sent"]')
      await result.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await result.textContent()).toContain(`Invitation sent to ${ENGLISH_CUSTOMER}`)
      await page
        .locator('[data-testid="invitations-table"] tr[data-delivery="sent"]')
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await screenshot(page, 'email-invitation-form-en.png')

      const mail = await smtp.waitFor(before)
      expect(mail.to).toEqual([ENGLISH_CUSTOMER])
      expect(mail.subject).toBe(`Remote support from ${COMPANY.name}`)
      // The browser's zone is Europe/London (newContext): the expiry is written in UK time.
      expect(mail.text).toMatch(
        /The link is valid until \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} \((?:GMT|BST)\)\./,
      )
      const link = /https:\/\/\S+\/i\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0]
      expect(link).toBeDefined()
      const mailView = await context.newPage()
      await mailView.setContent(mail.html)
      expect(await mailView.locator('a').getAttribute('href')).toBe(link)
      await screenshot(mailView, 'email-invitation-mail-en.png')
      expect(problems()).toEqual([])
    } finally {
      await context.close()
    }
  })
})
