/**
 * Installed computers against the real, built server (SQLite and PostgreSQL) in Chromium: the
 * admin creates an enrolment token in the console, a computer enrols with it over HTTPS (as
 * the agent will), shows online while it heartbeats and offline when it stops, is renamed,
 * grouped and revoked (its heartbeat is then refused), and a replayed token is refused.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, setUpCompany } from './support/company.js'
import {
  logIn,
  screenshot,
  switchLanguage,
  UI_TIMEOUT_MS,
  watchForProblems,
} from './support/console-page.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { type DatabaseKind, startServer, type TestServer } from './support/start-server.js'

const PASSWORD = 'correct horse battery staple'
/** Short, so the test sees a computer go offline within seconds. */
const ONLINE_SECONDS = 3
const OS = { platform: 'linux', release: '6.1.0-e2e', arch: 'x64' }

interface ApiErrorBody {
  error: { code: string; message: string }
}

describe.each<DatabaseKind>(['sqlite', 'postgres'])('installed devices on %s', (database) => {
  const takesPictures = database === 'sqlite'
  let server: TestServer
  let browser: Browser
  let page: Page
  let problems: () => readonly string[]
  let token = ''
  let device = { deviceId: '', deviceSecret: '' }
  const cleanups: (() => Promise<void>)[] = []

  const enrol = (name: string) =>
    httpsCall(`${server.url}/api/v1/devices/enrol`, {
      body: { token, name, os: OS, agentVersion: '0.1.0' },
    })
  const heartbeat = () =>
    httpsCall(`${server.url}/api/v1/devices/heartbeat`, {
      headers: { authorization: `Device ${device.deviceId}.${device.deviceSecret}` },
      body: {},
    })
  const row = (name: string, status?: string) =>
    page.locator(
      `tr[data-device-name="${name}"]${status === undefined ? '' : `[data-status="${status}"]`}`,
    )

  beforeAll(async () => {
    server = await startServer(database, { DEVICE_ONLINE_SECONDS: String(ONLINE_SECONDS) })
    cleanups.unshift(() => server.stop())
    await setUpCompany(server)
    browser = await launchBrowser()
    cleanups.unshift(() => browser.close())
    page = await (await newContext(browser, 'en-US')).newPage()
    page.setDefaultTimeout(UI_TIMEOUT_MS)
    problems = watchForProblems(page)
    await logIn(page, server.url, ADMIN.email, PASSWORD)
  })

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup()
    expect(problems()).toEqual([])
  })

  it('creates an enrolment token in the console, shown once with the install command', async () => {
    await page.getByRole('link', { name: 'Devices' }).click()
    await page.waitForURL('**/devices')
    await page.getByText('No computers yet.').waitFor()
    await page.locator('#token-label').fill('Front desk')
    await page.locator('#token-group').fill('Shop A')
    await page.locator('#token-expiry').selectOption('168')
    await page.getByRole('button', { name: 'Create token' }).click()

    token = (await page.getByTestId('enrolment-token').textContent()) ?? ''
    expect(token).toMatch(/^tse_[A-Za-z0-9_-]{43}$/)
    expect(await page.getByTestId('enrolment-command').textContent()).toBe(
      `tasuke-agent install --server ${server.url} --token ${token}`,
    )
    const listed = page.locator('[data-testid="enrolment-tokens"] tr[data-status="unused"]')
    await listed.waitFor()
    expect(await listed.textContent()).toContain('Front desk')
    expect(await listed.textContent()).toContain('Shop A')
  })

  it('a computer enrols with it over HTTPS and shows online while it heartbeats', async () => {
    const answer = await enrol('Reception PC')
    expect(answer.status).toBe(201)
    device = jsonOf(answer) as typeof device
    expect(device.deviceSecret).toMatch(/^tsd_/)

    const beats = setInterval(() => void heartbeat(), 700)
    try {
      await row('Reception PC', 'online').waitFor()
      const text = (await row('Reception PC').textContent()) ?? ''
      expect(text).toContain('linux 6.1.0-e2e')
      expect(text).toContain('Shop A')
      expect(text).toContain('Always asks')
      expect((await heartbeat()).status).toBe(200)
      await page
        .locator('[data-testid="enrolment-tokens"] tr[data-status="used"]')
        .getByText('Used by Reception PC')
        .waitFor()
      if (takesPictures) await screenshot(page, 'console-devices-en.png')
    } finally {
      clearInterval(beats)
    }
  })

  it('goes offline when the heartbeats stop', async () => {
    await row('Reception PC', 'offline').waitFor()
    await page.locator('#devices-status').selectOption('online')
    await page.getByText('No computers match these filters.').waitFor()
    await page.locator('#devices-status').selectOption('offline')
    await row('Reception PC', 'offline').waitFor()
    await page.locator('#devices-status').selectOption('')
  })

  it('is renamed, grouped and given a stricter policy than the company’s', async () => {
    await page.locator('#company-policy-mode').selectOption('ask-then-connect')
    await page.locator('#company-policy-seconds').fill('20')
    await page
      .locator('form', { has: page.locator('#company-policy-mode') })
      .getByRole('button', { name: 'Save' })
      .click()
    await row('Reception PC').getByText('Asks, connects after 20 s').waitFor()

    await row('Reception PC').getByRole('button', { name: 'Edit' }).click()
    const editor = page.locator('form.device-editor')
    await page.locator('#device-name').fill('Reception')
    await page.locator('#device-group').fill('Head office')
    await page.locator('#device-policy-mode').selectOption('connect')
    await editor.getByRole('button', { name: 'Save' }).click()
    await editor.locator('.field-error', { hasText: 'can only be stricter' }).waitFor()
    await page.locator('#device-policy-mode').selectOption('always-ask')
    await editor.getByRole('button', { name: 'Save' }).click()
    await row('Reception').getByText('Always asks').waitFor()
    expect(await row('Reception').textContent()).toContain('Head office')
    await page.locator('#devices-group').selectOption('Head office')
    await row('Reception').waitFor()
    await page.locator('#devices-group').selectOption('')

    await switchLanguage(page, 'ja')
    await page.getByRole('heading', { name: '端末', level: 1 }).waitFor()
    expect(await row('Reception').textContent()).toContain('オフライン')
    expect(await row('Reception').getByRole('button', { name: '接続' }).isDisabled()).toBe(true)
    if (takesPictures) await screenshot(page, 'console-devices-ja.png')
    await switchLanguage(page, 'en')
  })

  it('is revoked from the console: its heartbeat is refused at once', async () => {
    const target = row('Reception')
    await target.getByRole('button', { name: 'Revoke' }).click()
    await target.getByRole('group').getByRole('button', { name: 'Revoke' }).click()
    await page.getByText('“Reception” was revoked.').waitFor()
    await page.getByText('No computers yet.').waitFor()

    const refused = await heartbeat()
    expect(refused.status).toBe(401)
    expect((jsonOf(refused) as ApiErrorBody).error.code).toBe('revoked-device')
    await page.locator('#devices-status').selectOption('revoked')
    await row('Reception', 'revoked').waitFor()
  })

  it('refuses a replayed token with a clear message', async () => {
    const replay = await enrol('Impostor')
    expect(replay.status).toBe(409)
    const { error } = jsonOf(replay) as ApiErrorBody
    expect(error.code).toBe('used-token')
    expect(error.message).toMatch(/already been used/)
  })
})
