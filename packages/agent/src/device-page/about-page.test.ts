/**
 * "About this computer" in a real browser (Debian's Chromium driven by playwright-core), and
 * the consent window's "installed for" line that links to it; plus the local server's guards.
 */
import { request } from 'node:http'

import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { ConsentView } from '../consent-ui/consent-state.js'
import { type ConsentUi, startConsentUi } from '../consent-ui/server.js'
import { withInstalledNote, withNote } from './installed-note.js'
import type { DevicePageModel } from './page-model.js'
import { type DevicePage, startDevicePage } from './server.js'
import { launchChromium } from '../test-support/chromium.js'

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">'

const MODEL: DevicePageModel = {
  server: 'https://support.example.com',
  deviceName: 'Reception PC',
  companyName: 'サンプル株式会社',
  group: 'Shop A',
  policy: { mode: 'ask-then-connect', askSeconds: 30 },
  isOnline: true,
  sessions: [
    {
      sessionId: 'b',
      operatorName: '佐藤 花子',
      startedAt: new Date('2026-11-26T05:04:00Z'),
      endedAt: new Date('2026-11-26T05:16:30Z'),
      outcome: 'completed',
    },
    {
      sessionId: 'a',
      operatorName: HOSTILE,
      startedAt: new Date('2026-11-25T23:30:00Z'),
      endedAt: new Date('2026-11-25T23:31:00Z'),
      outcome: 'declined',
    },
  ],
  problem: null,
}

describe('About this computer in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser
  let context: BrowserContext | undefined
  let devicePage: DevicePage | undefined
  let consent: ConsentUi | undefined
  let problems: string[]

  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser.close()
  })
  afterEach(async () => {
    await context?.close()
    await consent?.close()
    await devicePage?.close()
    context = undefined
    consent = undefined
    devicePage = undefined
  })

  async function newPage(): Promise<Page> {
    problems = []
    context = await browser.newContext()
    const page = await context.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    return page
  }

  const text = async (page: Page, selector: string) =>
    ((await page.locator(selector).textContent()) ?? '').trim()

  it('shows the company, the server, name, group, policy in words, online and the history rows', async () => {
    let loads = 0
    devicePage = await startDevicePage({
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      load: () => {
        loads += 1
        return Promise.resolve(MODEL)
      },
    })
    const page = await newPage()
    await page.goto(devicePage.url)
    expect(await page.title()).toBe('このコンピューターについて')
    expect(await text(page, '#company')).toBe('サンプル株式会社')
    expect(await text(page, '#installed-for')).toBe(
      'このコンピューターは サンプル株式会社 のリモートサポート用にインストールされています',
    )
    expect(await text(page, '#server')).toContain('https://support.example.com')
    expect(await text(page, '#device-name')).toContain('Reception PC')
    expect(await text(page, '#group')).toContain('Shop A')
    expect(await text(page, '#policy')).toContain('30 秒後に接続')
    expect(await text(page, '#state')).toBe('状態: オンライン')
    expect(await text(page, '#remove')).toContain('tasuke-agent uninstall')
    const rows = await page
      .locator('#history tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
      )
    expect(rows).toEqual([
      ['2026-11-26 14:04', '佐藤 花子', '12分', '完了'],
      ['2026-11-26 08:30', HOSTILE, '—', '拒否'],
    ])
    // The hostile name is text: no element was made of it, nothing ran.
    expect(await page.locator('#history img').count()).toBe(0)
    // The consent window's stylesheet is the one in use.
    const cardRadius = await page
      .locator('main.card')
      .evaluate((node) => getComputedStyle(node).borderTopLeftRadius)
    expect(cardRadius).not.toBe('0px')

    await page.getByRole('link', { name: 'English' }).click()
    await page.locator('#installed-for', { hasText: 'installed for remote support by' }).waitFor()
    expect(await text(page, '#installed-for')).toBe(
      'This computer is installed for remote support by サンプル株式会社',
    )
    expect(await text(page, '#policy')).toContain('Connect after 30 seconds')
    expect(loads).toBe(2)
    expect(await page.title()).toBe('About this computer')
    expect(problems).toEqual([])
  })

  it('says offline and why, when the server cannot be asked', async () => {
    devicePage = await startDevicePage({
      language: 'en',
      load: () =>
        Promise.resolve({
          ...MODEL,
          companyName: 'Acme',
          group: null,
          policy: null,
          isOnline: false,
          sessions: [],
          problem: { kind: 'unreachable', detail: 'connect ECONNREFUSED 127.0.0.1:9' },
        }),
    })
    const page = await newPage()
    await page.goto(devicePage.url)
    expect(await text(page, '#state')).toBe('State: offline')
    expect(await text(page, '#history-problem')).toBe(
      'offline: history not available (connect ECONNREFUSED 127.0.0.1:9)',
    )
    expect(await text(page, '#group')).toContain('none')
    expect(await page.locator('#history').count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('refuses other hosts, wrong tokens and anything but GET', async () => {
    devicePage = await startDevicePage({ language: 'en', load: () => Promise.resolve(MODEL) })
    const url = new URL(devicePage.url)
    const call = (path: string, method = 'GET', host = url.host) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path, method, headers: { host } },
          (response) => {
            response.resume()
            resolve({ status: response.statusCode ?? 0, headers: response.headers })
          },
        )
        req.on('error', reject)
        req.end()
      })
    const good = await call(url.pathname)
    expect(good.status).toBe(200)
    expect(good.headers['content-security-policy']).toContain("default-src 'none'")
    expect(good.headers['x-frame-options']).toBe('DENY')
    expect((await call(url.pathname, 'GET', `attacker.example:${url.port}`)).status).toBe(421)
    expect((await call('/not-the-token/')).status).toBe(404)
    expect((await call('/')).status).toBe(404)
    expect((await call(url.pathname, 'POST')).status).toBe(405)
    expect((await call(`${url.pathname}app.css`)).status).toBe(200)
    expect((await call(`${url.pathname}events`)).status).toBe(404)
  })

  it('the session window says "installed for <company>" on every view and links to the page', async () => {
    devicePage = await startDevicePage({ language: 'ja', load: () => Promise.resolve(MODEL) })
    const note = { companyName: 'サンプル株式会社', historyUrl: devicePage.url }
    const connected: ConsentView = {
      type: 'connected',
      operatorName: '佐藤 花子',
      verificationCode: null,
      activity: 'viewing',
      controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
    }
    const shown = await startConsentUi({
      language: 'ja',
      initial: withNote({ type: 'connecting' }, note),
      openBrowser: false,
    })
    consent = shown
    const window = withInstalledNote(shown, note)
    const page = await newPage()
    await page.goto(shown.url)
    await page.locator('#content[data-view="connecting"]').waitFor()
    expect(await text(page, '#installed-for')).toBe(
      'サンプル株式会社 のリモートサポート用にインストール済み · 接続履歴',
    )
    window.update(connected)
    await page.locator('#content[data-view="connected"]').waitFor()
    expect(await text(page, '#installed-for')).toContain('インストール済み')
    // The end is a view without the note; the page keeps the line.
    window.update({ type: 'ended', reason: 'operator' })
    await page.locator('#content[data-view="ended"]').waitFor()
    expect(await text(page, '#installed-for')).toContain('サンプル株式会社')

    const [about] = await Promise.all([
      page.context().waitForEvent('page'),
      page.locator('#history-link').click(),
    ])
    await about.waitForLoadState()
    expect(about.url()).toBe(`${devicePage.url}?lang=ja`)
    expect(await text(about, '#company')).toBe('サンプル株式会社')
    expect(await about.locator('#history tbody tr').count()).toBe(2)
    expect(problems).toEqual([])
  })

  it('a history link to anywhere but the agent’s own loopback page is not followed', async () => {
    const shown = await startConsentUi({
      language: 'en',
      initial: withNote(
        { type: 'connecting' },
        { companyName: 'Acme $& Co', historyUrl: 'javascript:alert(1)' },
      ),
      openBrowser: false,
    })
    consent = shown
    const page = await newPage()
    await page.goto(shown.url)
    await page.locator('#installed-for').waitFor()
    expect(await text(page, '#installed-for')).toBe(
      'Installed for remote support by Acme $& Co · Connection history',
    )
    expect(await page.locator('#history-link').getAttribute('href')).toBeNull()
  })
})
