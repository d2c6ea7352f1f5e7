/** The consent page in a real browser: Debian's Chromium driven by playwright-core. */
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import type { ConsentView, CustomerAction } from './consent-state.js'
import type { Language } from './page-texts.js'
import { type ConsentUi, startConsentUi } from './server.js'

const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

const ASK_CONSENT: ConsentView = {
  type: 'ask-consent',
  companyName: 'サンプル株式会社',
  companyDomain: 'sample.co.jp',
  operatorName: '佐藤 花子',
  shares: ['screen', 'control'],
  verificationCode: '482 913',
}
const WARNING_JA =
  'ご自身でこの会社に問い合わせた場合にのみ承諾してください。承諾すると、相手はあなたの画面を見て操作できるようになります。'
const WARNING_EN =
  'Accept only if you contacted this company yourself. They will see your screen and can control it.'

describe('consent page in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser
  let context: BrowserContext | undefined
  let ui: ConsentUi | undefined
  let actions: CustomerAction[]
  let problems: string[]

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    })
  }, 60_000)
  afterAll(async () => {
    await browser.close()
  })
  afterEach(async () => {
    await context?.close()
    await ui?.close()
    context = undefined
    ui = undefined
  })

  /** Starts the consent server and opens its page in a fresh context, watching for errors. */
  async function open(language: Language, initial: ConsentView): Promise<Page> {
    ui = await startConsentUi({ language, initial, openBrowser: false })
    actions = []
    problems = []
    ui.onAction((action) => actions.push(action))
    context = await browser.newContext({ locale: language === 'ja' ? 'ja-JP' : 'en-GB' })
    const page = await context.newPage()
    page.on('console', (message) => {
      const isCsp = message.text().includes('Content Security Policy')
      if (message.type() === 'error' || isCsp) problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    page.on('requestfailed', (request) => {
      // The event stream is cut when the test closes the server; anything else is a problem.
      if (!request.url().endsWith('/events')) problems.push(`request failed: ${request.url()}`)
    })
    await page.goto(ui.url)
    return page
  }

  async function textOf(page: Page, selector: string): Promise<string> {
    await page.locator(selector).waitFor()
    return (await page.locator(selector).textContent()) ?? ''
  }

  async function showsView(page: Page, type: ConsentView['type']): Promise<void> {
    await page.locator(`#content[data-view="${type}"]`).waitFor()
  }

  it('asks in Japanese and English, accepts on a click, shows 接続されました and ends', async () => {
    const page = await open('ja', ASK_CONSENT)
    await showsView(page, 'ask-consent')
    expect(await textOf(page, '#company')).toBe('サンプル株式会社')
    expect(await textOf(page, '#company-domain')).toContain('sample.co.jp')
    expect(await textOf(page, '#operator')).toContain('佐藤 花子')
    expect(await textOf(page, '#warning')).toBe(WARNING_JA)
    expect(await textOf(page, '#verification-code')).toBe('482 913')
    expect(await textOf(page, '#accept')).toBe('承諾')
    expect(await textOf(page, '#decline')).toBe('拒否')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja')

    // Nothing accepts by itself or by a stray Enter: the card holds the focus, not a button.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Space')

    await page.getByRole('button', { name: 'English' }).click()
    await page.locator('#warning', { hasText: WARNING_EN }).waitFor()
    expect(await textOf(page, '#accept')).toBe('Accept')
    expect(await textOf(page, '#company')).toBe('サンプル株式会社')
    expect(await textOf(page, '#verification-code')).toBe('482 913')
    await page.getByRole('button', { name: '日本語' }).click()
    await page.locator('#warning', { hasText: WARNING_JA }).waitFor()
    expect(actions).toEqual([])

    await page.getByRole('button', { name: '承諾' }).click()
    await showsView(page, 'connecting')
    await waitFor('the accept action', () => (actions.length > 0 ? true : undefined))
    expect(actions).toEqual([{ type: 'accept' }])

    ui?.update({
      type: 'connected',
      operatorName: '佐藤 花子',
      verificationCode: '482 913',
      activity: 'controlling',
    })
    await page.locator('#connected', { hasText: '接続されました' }).waitFor()
    expect(await textOf(page, '#operator')).toContain('佐藤 花子')
    expect(await textOf(page, '#verification-code')).toBe('482 913')
    expect(await textOf(page, '#activity')).toContain('あなたのコンピューターを操作しています')

    await page.getByRole('button', { name: 'キャンセル' }).click()
    await showsView(page, 'ended')
    expect(await textOf(page, '#content')).toContain('このウィンドウは閉じてかまいません。')
    await waitFor('the end action', () => (actions.length > 1 ? true : undefined))
    expect(actions).toEqual([{ type: 'accept' }, { type: 'end' }])
    expect(problems).toEqual([])
  })

  it('declines', async () => {
    const page = await open('en', { ...ASK_CONSENT, companyName: 'Example Support Ltd.' })
    expect(await textOf(page, '#company')).toBe('Example Support Ltd.')
    expect(await textOf(page, '#warning')).toBe(WARNING_EN)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.getByRole('button', { name: 'Decline' }).click()
    await showsView(page, 'declined')
    expect(await textOf(page, '#content')).toContain('Nothing was shared.')
    await waitFor('the decline action', () => (actions.length > 0 ? true : undefined))
    expect(actions).toEqual([{ type: 'decline' }])
    expect(problems).toEqual([])
  })

  it('asks for the number, refuses a bad one, then shows the consent request it leads to', async () => {
    const page = await open('ja', { type: 'ask-code', problem: null })
    await showsView(page, 'ask-code')
    await page.locator('#session-code').fill('abc')
    await page.getByRole('button', { name: '次へ' }).click()
    expect(await textOf(page, '#code-problem')).toBe('8桁の数字を入力してください。')
    expect(actions).toEqual([])

    await page.locator('#session-code').fill('1234 5678')
    await page.getByRole('button', { name: '次へ' }).click()
    await showsView(page, 'connecting')
    await waitFor('the submitted code', () => (actions.length > 0 ? true : undefined))
    expect(actions).toEqual([{ type: 'submit-code', code: '12345678' }])

    // The agent redeems the number and asks for consent: the page follows without a reload.
    ui?.update({ ...ASK_CONSENT, companyDomain: null, verificationCode: null })
    await showsView(page, 'ask-consent')
    expect(await textOf(page, '#company')).toBe('サンプル株式会社')
    expect(await page.locator('#company-domain').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card')
    expect(actions).toHaveLength(1)
    expect(problems).toEqual([])
  })
})
