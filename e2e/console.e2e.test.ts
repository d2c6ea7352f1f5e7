/**
 * The operator console against the real, built server (SQLite and PostgreSQL) in Chromium:
 * first-run set-up, inviting an operator, issuing, redeeming and cancelling session numbers,
 * the redemption rate limit, the connection history and its CSV export, and Japanese.
 */
import { readFile } from 'node:fs/promises'

import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { launchBrowser, newContext } from './support/browser.js'
import {
  logIn,
  screenshot,
  switchLanguage,
  UI_TIMEOUT_MS,
  waitForSessionState,
  watchForProblems,
} from './support/console-page.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { type DatabaseKind, startServer, type TestServer } from './support/start-server.js'

const ADMIN = { name: 'Aiko Admin', email: 'admin@example.com', password: 'admin-password-123' }
const OPERATOR = {
  name: 'Oscar Operator',
  email: 'operator@example.com',
  password: 'operator-password-123',
}
const UNKNOWN_NUMBER_ATTEMPTS = 12

interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> }
}

interface Redeemed {
  sessionId: string
  agentToken: string
  tenant: { name: string; slug: string }
  operator: { displayName: string }
  expiresAt: string
}

describe.each<DatabaseKind>(['sqlite', 'postgres'])('operator console on %s', (database) => {
  // Pictures for the docs come from one run only.
  const takesPictures = database === 'sqlite'
  let server: TestServer
  let browser: Browser
  // What beforeAll got running, stopped in reverse order even when a later step failed.
  const cleanups: (() => Promise<void>)[] = []
  let adminContext: BrowserContext
  let admin: Page
  let operator: Page
  const problems: (() => readonly string[])[] = []
  let invitationUrl = ''
  let redeemedCode = ''
  let redeemedSessionId = ''
  let cancelledCode = ''

  const redeem = (code: string) =>
    httpsCall(`${server.url}/api/v1/redeem`, { method: 'POST', body: { code } })

  const openPage = async (context: BrowserContext) => {
    const page = await context.newPage()
    page.setDefaultTimeout(UI_TIMEOUT_MS)
    problems.push(watchForProblems(page))
    return page
  }

  beforeAll(async () => {
    server = await startServer(database)
    cleanups.unshift(() => server.stop())
    browser = await launchBrowser()
    cleanups.unshift(() => browser.close())
    adminContext = await newContext(browser, 'en-US')
    admin = await openPage(adminContext)
  })

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup()
    expect(problems.flatMap((read) => read())).toEqual([])
  })

  it('sets up the company and its administrator from the printed link', async () => {
    expect(server.setupUrl.startsWith(`${server.url}/setup?token=`)).toBe(true)
    await admin.goto(server.setupUrl)
    await admin.locator('#setup-tenant-name').fill('Example Support')
    expect(await admin.locator('#setup-tenant-slug').inputValue()).toBe('example-support')
    await admin.locator('#setup-tenant-slug').fill('example')
    await admin.locator('#setup-admin-name').fill(ADMIN.name)
    await admin.locator('#setup-admin-email').fill(ADMIN.email)
    await admin.locator('#setup-password').fill(ADMIN.password)
    await admin.locator('#setup-password-confirm').fill(ADMIN.password)
    await admin.getByRole('button', { name: 'Create company' }).click()

    await admin.waitForURL('**/sessions')
    expect(await admin.getByTestId('company-name').textContent()).toBe('Example Support')
    expect(await admin.getByTestId('operator-name').textContent()).toBe(ADMIN.name)
  })

  it('invites an operator, shows the link, and logs the administrator out', async () => {
    await admin.getByRole('link', { name: 'Operators' }).click()
    await admin.waitForURL('**/operators')
    await admin.locator('#invite-email').fill(OPERATOR.email)
    await admin.locator('#invite-display-name').fill(OPERATOR.name)
    await admin.getByRole('button', { name: 'Create invitation' }).click()

    invitationUrl = await admin.getByTestId('invitation-url').inputValue()
    expect(invitationUrl).toMatch(
      new RegExp(`^${server.url.replace(/\./g, '\\.')}/invite/[^/?#]+$`),
    )
    expect(await admin.getByTestId('invitation-mailed').textContent()).toContain(
      'No e-mail was sent',
    )
    await admin.locator(`tr[data-operator-email="${OPERATOR.email}"]`).waitFor()
    if (takesPictures) await screenshot(admin, 'console-operators-en.png')

    await admin.getByTestId('logout').click()
    await admin.waitForURL('**/login')
    const me = await admin.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status))
    expect(me).toBe(401)
  })

  it('lets the invited operator set a password and be logged in', async () => {
    operator = await openPage(await newContext(browser, 'en-US'))
    await operator.goto(invitationUrl)
    await operator.getByRole('heading', { name: 'Join Example Support' }).waitFor()
    expect(await operator.locator('#invite-name').inputValue()).toBe(OPERATOR.name)
    expect(await operator.locator('#invite-email').inputValue()).toBe(OPERATOR.email)
    await operator.locator('#invite-password').fill(OPERATOR.password)
    await operator.locator('#invite-password-confirm').fill(OPERATOR.password)
    await operator.getByRole('button', { name: 'Set password and log in' }).click()

    await operator.waitForURL('**/sessions')
    expect(await operator.getByTestId('operator-name').textContent()).toBe(OPERATOR.name)
    // Operators do not manage the team.
    expect(await operator.getByRole('link', { name: 'Operators' }).count()).toBe(0)
  })

  it('issues a 30-minute number that a customer redeems as typed', async () => {
    await operator.getByTestId('session-expiry').selectOption('30')
    await operator.getByTestId('new-session').click()
    const shown = operator.getByTestId('new-session-code')
    await shown.waitFor()
    const text = (await shown.textContent()) ?? ''
    expect(text).toMatch(/^\d{4} \d{4}$/)
    redeemedCode = text.replace(' ', '')
    expect(await shown.getAttribute('data-code')).toBe(redeemedCode)
    expect(await operator.getByTestId('new-session-countdown').textContent()).toMatch(
      /^Expires in (29:[0-5]\d|30:00)$/,
    )
    await waitForSessionState(operator, redeemedCode, 'waiting')

    const answer = await redeem(text)
    expect(answer.status, answer.text).toBe(200)
    const redeemed = jsonOf(answer) as Redeemed
    expect(redeemed.tenant).toEqual({ name: 'Example Support', slug: 'example' })
    expect(redeemed.operator.displayName).toBe(OPERATOR.name)
    expect(redeemed.agentToken).toEqual(expect.any(String))
    redeemedSessionId = redeemed.sessionId

    // The list refreshes every 5 s by itself.
    await waitForSessionState(operator, redeemedCode, 'connecting')
  })

  it('cancels a session in the console, and its number is refused afterwards', async () => {
    const shown = operator.getByTestId('new-session-code')
    await operator.getByTestId('new-session').click()
    await operator.waitForFunction((previous) => {
      const code = document
        .querySelector('[data-testid="new-session-code"]')
        ?.getAttribute('data-code')
      return code !== undefined && code !== null && code !== previous
    }, redeemedCode)
    cancelledCode = (await shown.getAttribute('data-code')) ?? ''
    await waitForSessionState(operator, cancelledCode, 'waiting')

    await operator.getByTestId('scope-all').click()
    const row = operator.locator(`tr[data-session-code="${cancelledCode}"]`)
    // A fresh number with its countdown, next to the one the customer redeemed.
    if (takesPictures) await screenshot(operator, 'console-sessions-en.png')
    await switchLanguage(operator, 'ja')
    await operator.getByRole('heading', { name: 'サポートセッション' }).waitFor()
    expect(await row.locator('[data-state="waiting"]').textContent()).toBe('待機中')
    if (takesPictures) await screenshot(operator, 'console-sessions-ja.png')
    await switchLanguage(operator, 'en')
    await operator.getByRole('heading', { name: 'Support sessions' }).waitFor()
    await row.getByRole('button', { name: 'Cancel' }).click()
    await row.getByRole('button', { name: 'Yes, cancel it' }).click()
    await waitForSessionState(operator, cancelledCode, 'cancelled')
    await waitForSessionState(operator, redeemedCode, 'connecting')

    const answer = await redeem(cancelledCode)
    expect(answer.status, answer.text).toBe(410)
    const body = jsonOf(answer) as ApiErrorBody
    expect(body.error.code).toBe('expired-code')
    expect(body.error.details?.['reason']).toBe('cancelled')
  })

  it('locks an address out after repeated unknown numbers', async () => {
    const statuses: number[] = []
    let refusal: ApiErrorBody | null = null
    let retryAfterHeader: unknown = null
    for (let attempt = 0; attempt < UNKNOWN_NUMBER_ATTEMPTS; attempt++) {
      let code = ''
      do code = String(Math.floor(Math.random() * 1e8)).padStart(8, '0')
      while (code === redeemedCode || code === cancelledCode)
      const answer = await redeem(`${code.slice(0, 4)}-${code.slice(4)}`)
      statuses.push(answer.status)
      if (answer.status === 429) {
        refusal = jsonOf(answer) as ApiErrorBody
        retryAfterHeader = answer.headers['retry-after']
      } else {
        expect((jsonOf(answer) as ApiErrorBody).error.code).toBe('unknown-code')
      }
    }
    expect(statuses[0]).toBe(404)
    expect(statuses.at(-1)).toBe(429)
    const firstLock = statuses.indexOf(429)
    expect(
      statuses.slice(firstLock).every((status) => status === 429),
      String(statuses),
    ).toBe(true)
    expect(refusal?.error.code).toBe('rate-limited')
    expect(refusal?.error.details?.['retryAfterSeconds']).toEqual(expect.any(Number))
    expect(Number(retryAfterHeader)).toBeGreaterThan(0)
  })

  it("shows the administrator the history with the customer's address, and exports it", async () => {
    await logIn(admin, server.url, ADMIN.email, ADMIN.password)
    await waitForSessionState(admin, redeemedCode, 'connecting')
    await admin.getByRole('link', { name: 'History' }).click()
    await admin.waitForURL('**/history')
    await admin.getByTestId('history-table').waitFor()

    const rows = admin.getByTestId('history-row')
    expect(await rows.count()).toBeGreaterThanOrEqual(2)
    const redeemedRow = admin.locator('[data-testid="history-row"][data-state="connecting"]')
    expect(await redeemedRow.getByTestId('customer-ip').textContent()).toBe('127.0.0.1')
    expect(await redeemedRow.textContent()).toContain(OPERATOR.name)
    expect(await admin.locator('[data-testid="history-row"][data-state="cancelled"]').count()).toBe(
      1,
    )
    if (takesPictures) await screenshot(admin, 'console-history-en.png')

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('export-csv').click(),
    ])
    const path = await download.path()
    const csv = await readFile(path, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/)
    expect(lines[0]).toContain('customer_ip')
    expect(lines.length).toBeGreaterThanOrEqual(3)
    const redeemedLine = lines.find((line) => line.startsWith(`${redeemedSessionId},`))
    expect(redeemedLine, csv).toBeDefined()
    expect(redeemedLine).toContain('127.0.0.1')
    expect(redeemedLine).toContain(OPERATOR.name)
    expect(lines.some((line) => line.includes(',cancelled,'))).toBe(true)
  })

  it('speaks Japanese to a Japanese browser on the log-in page', async () => {
    const page = await openPage(await newContext(browser, 'ja-JP'))
    await page.goto(`${server.url}/login`)
    await page.getByRole('heading', { name: 'ログイン' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja')
    expect(await page.getByLabel('メールアドレス').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'ログイン' }).count()).toBe(1)

    // A wrong password is answered in Japanese as well.
    await page.getByLabel('メールアドレス').fill(ADMIN.email)
    await page.getByLabel('パスワード').fill('not-the-password')
    await page.getByRole('button', { name: 'ログイン' }).click()
    await page.getByText('メールアドレスまたはパスワードが正しくありません。').waitFor()
    if (takesPictures) await screenshot(page, 'console-login-ja.png')

    // The switch overrides the browser language, and the choice survives a reload.
    await switchLanguage(page, 'en')
    await page.reload()
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
  })
})
