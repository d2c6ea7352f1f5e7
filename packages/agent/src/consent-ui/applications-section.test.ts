/**
 * The consent window's "applications to show" section (SPEC.md P10): the request it posts,
 * when it is taken, and the page in a real browser (Debian's Chromium, playwright-core).
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import { parseActionRequest } from './action-request.js'
import {
  type ApplicationsView,
  type ConsentView,
  type CustomerAction,
  handleCustomerRequest,
} from './consent-state.js'
import { type ConsentUi, startConsentUi } from './server.js'
import { launchChromium } from '../test-support/chromium.js'

const ASK_CONSENT: ConsentView = {
  type: 'ask-consent',
  companyName: 'サンプル株式会社',
  companyDomain: null,
  operatorName: '佐藤 花子',
  shares: ['screen', 'control'],
  verificationCode: null,
}
const CONNECTED: ConsentView = {
  type: 'connected',
  operatorName: '佐藤 花子',
  verificationCode: '482 913',
  activity: 'viewing',
  controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
}
const APPS: ApplicationsView['applications'] = [
  { id: 'a1b2c3d4e5f60718', title: '見積書.xlsx - 表計算' },
  { id: '0f1e2d3c4b5a6978', title: 'Mail' },
]

describe('the set-shown-applications request', () => {
  const body = (fields: Record<string, unknown>) =>
    JSON.stringify({ type: 'set-shown-applications', revision: 3, ...fields })

  it('[P10] parses a whole choice and refuses anything else', () => {
    expect(parseActionRequest(body({ mode: 'chosen', chosen: ['a1b2c3d4e5f60718'] }))).toEqual({
      revision: 3,
      request: { type: 'set-shown-applications', mode: 'chosen', chosen: ['a1b2c3d4e5f60718'] },
    })
    expect(parseActionRequest(body({ mode: 'whole-screen', chosen: [] }))?.request).toEqual({
      type: 'set-shown-applications',
      mode: 'whole-screen',
      chosen: [],
    })
    for (const bad of [
      body({ mode: 'some', chosen: [] }),
      body({ mode: 'chosen' }),
      body({ mode: 'chosen', chosen: 'a1b2' }),
      body({ mode: 'chosen', chosen: [42] }),
      body({ mode: 'chosen', chosen: ['<script>'] }),
      body({ mode: 'chosen', chosen: ['x'.repeat(65)] }),
      body({ mode: 'chosen', chosen: Array.from({ length: 65 }, (_, i) => `id${i}`) }),
      body({ mode: 'chosen', chosen: [], extra: true }),
    ]) {
      expect(parseActionRequest(bad), bad).toBeNull()
    }
  })

  it('[P10] is taken before 承諾 and while connected, nowhere else', () => {
    const request = { type: 'set-shown-applications', mode: 'chosen', chosen: ['a'] } as const
    for (const view of [ASK_CONSENT, CONNECTED, { type: 'connecting' } as const]) {
      expect(handleCustomerRequest(view, request)).toEqual({ kind: 'act', view, action: request })
    }
    for (const view of [
      { type: 'ask-code', problem: null } as const,
      { type: 'ended', reason: 'customer' } as const,
      { type: 'declined' } as const,
    ]) {
      expect(handleCustomerRequest(view, request)).toEqual({ kind: 'ignore' })
    }
  })
})

describe('the applications section in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser
  let context: BrowserContext | undefined
  let ui: ConsentUi | undefined
  let actions: CustomerAction[]

  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser.close()
  })
  afterEach(async () => {
    await context?.close()
    await ui?.close()
  })

  /** The page, with the agent's side played by hand: each choice is shown back at once. */
  async function open(view: ConsentView, language: 'ja' | 'en'): Promise<Page> {
    const started = await startConsentUi({ language, initial: view, openBrowser: false })
    ui = started
    actions = []
    let choice: ApplicationsView = { mode: 'whole-screen', chosen: [], applications: APPS }
    started.onAction((action) => {
      actions.push(action)
      if (action.type !== 'set-shown-applications') return
      choice = { ...choice, mode: action.mode, chosen: action.chosen }
      started.showApplications(choice)
    })
    started.showApplications(choice)
    context = await browser.newContext({ locale: language === 'ja' ? 'ja-JP' : 'en-GB' })
    const page = await context.newPage()
    await page.goto(started.url)
    return page
  }

  const lastAction = () =>
    waitFor('an action', () => (actions.length > 0 ? actions.at(-1) : undefined))

  it('[P10] offers whole screen or chosen applications before 承諾, and applies each click', async () => {
    const page = await open(ASK_CONSENT, 'ja')
    await page.getByText('見せるアプリケーション').waitFor()
    const whole = page.getByRole('radio', { name: '画面全体' })
    expect(await whole.isChecked()).toBe(true)
    // Nothing is chosen for the customer: the list appears only with 選んだアプリだけ.
    expect(await page.getByRole('checkbox').count()).toBe(0)
    await page.getByRole('radio', { name: '選んだアプリだけ' }).click()
    expect(await lastAction()).toEqual({
      type: 'set-shown-applications',
      mode: 'chosen',
      chosen: [],
    })
    const sheet = page.getByRole('checkbox', { name: '見積書.xlsx - 表計算' })
    await sheet.waitFor()
    expect(await sheet.isChecked()).toBe(false)
    await sheet.click()
    await waitFor('the chosen sheet', () => (actions.length === 2 ? true : undefined))
    expect(actions[1]).toEqual({
      type: 'set-shown-applications',
      mode: 'chosen',
      chosen: ['a1b2c3d4e5f60718'],
    })
    await expect.poll(() => sheet.isChecked()).toBe(true)
    expect(await page.getByRole('checkbox', { name: 'Mail' }).isChecked()).toBe(false)
    // A window list refresh keeps the choice, and the click that follows is still taken.
    ui?.showApplications({
      mode: 'chosen',
      chosen: ['a1b2c3d4e5f60718'],
      applications: [...APPS, { id: 'abcdefabcdef0123', title: 'Terminal' }],
    })
    await page.getByRole('checkbox', { name: 'Terminal' }).click()
    await waitFor('the third action', () => (actions.length === 3 ? true : undefined))
    expect(actions[2]).toEqual({
      type: 'set-shown-applications',
      mode: 'chosen',
      chosen: ['a1b2c3d4e5f60718', 'abcdefabcdef0123'],
    })
    await page.getByRole('button', { name: '承諾' }).click()
    await waitFor('the accept', () => (actions.at(-1)?.type === 'accept' ? true : undefined))
  })

  it('[P10] changes the choice at any time while connected, in English too', async () => {
    const page = await open(CONNECTED, 'en')
    await page.getByText('Applications to show').waitFor()
    await page.getByRole('radio', { name: 'Only chosen applications' }).click()
    await page.getByRole('checkbox', { name: 'Mail' }).click()
    await waitFor('two actions', () => (actions.length === 2 ? true : undefined))
    expect(await page.locator('#applications-note').textContent()).toContain('hidden in grey')
    await page.getByRole('radio', { name: 'Whole screen' }).click()
    await waitFor('three actions', () => (actions.length === 3 ? true : undefined))
    expect(actions[2]).toEqual({
      type: 'set-shown-applications',
      mode: 'whole-screen',
      chosen: ['0f1e2d3c4b5a6978'],
    })
    await expect.poll(() => page.getByRole('checkbox').count()).toBe(0)
  })
})
