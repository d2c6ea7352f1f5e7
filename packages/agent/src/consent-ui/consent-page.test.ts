/** The consent page in a real browser: Debian's Chromium driven by playwright-core. */
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import type { ConsentView, CustomerAction } from './consent-state.js'
import type { Language } from './page-texts.js'
import { type ConsentUi, startConsentUi } from './server.js'
import { launchChromium } from '../test-support/chromium.js'

const ASK_CONSENT: ConsentView = {
  type: 'ask-consent',
  companyName: 'サンプル株式会社',
  companyDomain: 'sample.co.jp',
  operatorName: '佐藤 花子',
  shares: ['screen', 'control'],
  verificationCode: '482 913',
}
const CONNECTED: ConsentView = {
  type: 'connected',
  operatorName: '佐藤 花子',
  verificationCode: '482 913',
  activity: 'viewing',
  controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
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
    browser = await launchChromium()
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
      controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
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

  it('[P6] pauses the screen and allows viewing only with pressed buttons, in Japanese and English', async () => {
    const page = await open('ja', CONNECTED)
    await showsView(page, 'connected')
    const pause = page.locator('#pause')
    const viewOnly = page.locator('#view-only')
    expect(await textOf(page, '#pause')).toBe('画面の共有を一時停止')
    expect(await pause.getAttribute('aria-pressed')).toBe('false')
    expect(await textOf(page, '#view-only')).toBe('操作を許可しない（表示のみ）')
    expect(await viewOnly.getAttribute('aria-pressed')).toBe('false')
    expect(await page.locator('#paused-note').count()).toBe(0)

    await page.getByRole('button', { name: '画面の共有を一時停止' }).click()
    await page.locator('#pause[aria-pressed="true"]', { hasText: '再開' }).waitFor()
    expect(await textOf(page, '#paused-note')).toContain('画面の共有を一時停止しています')
    await waitFor('the pause action', () => (actions.length > 0 ? true : undefined))
    expect(actions).toEqual([{ type: 'set-paused', paused: true }])

    await page.getByRole('button', { name: 'English' }).click()
    await page.locator('#pause[aria-pressed="true"]', { hasText: 'Resume' }).waitFor()
    expect(await textOf(page, '#paused-note')).toBe(
      'Screen sharing is paused. The operator cannot see your screen.',
    )
    await page.getByRole('button', { name: "Don't allow control (view only)" }).click()
    await page.locator('#view-only[aria-pressed="true"]', { hasText: 'Allow control' }).waitFor()
    expect(await textOf(page, '#view-only-note')).toContain('can only view')
    await page.getByRole('button', { name: 'Allow control' }).click()
    await page.locator('#view-only[aria-pressed="false"]').waitFor()
    await page.getByRole('button', { name: 'Resume' }).click()
    await page
      .locator('#pause[aria-pressed="false"]', { hasText: 'Pause screen sharing' })
      .waitFor()
    await waitFor('four actions', () => (actions.length === 4 ? true : undefined))
    expect(actions).toEqual([
      { type: 'set-paused', paused: true },
      { type: 'set-view-only', viewOnly: true },
      { type: 'set-view-only', viewOnly: false },
      { type: 'set-paused', paused: false },
    ])
    expect(problems).toEqual([])
  })

  it('[P9] switches clipboard sharing off and on, in Japanese and English', async () => {
    const page = await open('ja', CONNECTED)
    await showsView(page, 'connected')
    const clipboard = page.getByRole('switch', { name: 'クリップボードを共有' })
    expect(await clipboard.getAttribute('aria-checked')).toBe('true')
    expect(await page.locator('#clipboard-off-note').count()).toBe(0)
    await clipboard.click()
    await page.locator('#share-clipboard[aria-checked="false"]').waitFor()
    expect(await textOf(page, '#clipboard-off-note')).toContain('クリップボードは共有していません')

    await page.getByRole('button', { name: 'English' }).click()
    const shared = page.getByRole('switch', { name: 'Share the clipboard' })
    expect(await shared.getAttribute('aria-checked')).toBe('false')
    expect(await textOf(page, '#clipboard-off-note')).toContain('The clipboard is not shared.')
    await shared.click()
    await page.locator('#share-clipboard[aria-checked="true"]').waitFor()
    expect(await page.locator('#clipboard-off-note').count()).toBe(0)
    await waitFor('two actions', () => (actions.length === 2 ? true : undefined))
    expect(actions).toEqual([
      { type: 'set-clipboard-shared', shared: false },
      { type: 'set-clipboard-shared', shared: true },
    ])
    expect(problems).toEqual([])
  })

  it('[P6] refuses a stale, a malformed or a cross-site request to pause', async () => {
    const page = await open('en', CONNECTED)
    await showsView(page, 'connected')
    const post = (body: string) =>
      page.evaluate(
        (text) =>
          fetch('action', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: text,
          }).then((reply) => reply.status),
        body,
      )
    // The page is on revision 0; the agent moves it on, so a click made on 0 is stale.
    ui?.update({ ...CONNECTED, activity: 'controlling' })
    await page.locator('#activity', { hasText: 'controlling' }).waitFor()
    expect(await post('{"type":"set-paused","paused":true,"revision":0}')).toBe(409)
    expect(await post('{"type":"set-paused","paused":"yes","revision":1}')).toBe(400)
    // Already allowed: asking to allow control again changes nothing.
    expect(await post('{"type":"set-view-only","viewOnly":false,"revision":1}')).toBe(409)
    const crossSite = await context?.request.post(`${ui?.url ?? ''}action`, {
      headers: { 'Content-Type': 'application/json', Origin: 'https://attacker.example' },
      data: '{"type":"set-paused","paused":true,"revision":1}',
    })
    expect(crossSite?.status()).toBe(403)
    expect(await page.locator('#pause').getAttribute('aria-pressed')).toBe('false')
    expect(actions).toEqual([])
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
