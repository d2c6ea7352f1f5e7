/** Program first: the window's number field, in Chromium, against a stand-in for the server. */
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ConsentUi, ConsentView, CustomerAction } from '../consent-ui/index.js'
import { startConsentUi } from '../consent-ui/index.js'
import type { RedeemResult } from '../server-api/redeem.js'
import { codeFromWindow } from './code-from-window.js'
import { launchChromium } from '../test-support/chromium.js'

const REDEMPTION = {
  sessionId: 's-1',
  agentToken: 'token',
  tenantName: 'サンプル株式会社',
  operatorName: '佐藤 花子',
  expiresAt: '2030-01-01T00:00:00.000Z',
}

class Unreachable extends Error {}

/** Answers like the server: 12345678 is the customer's number, 22223333 has expired. */
async function fakeRedeem(code: string): Promise<RedeemResult> {
  await Promise.resolve()
  if (code === '12345678') return { ok: true, redemption: REDEMPTION }
  if (code === '22223333') return { ok: false, failure: 'expired-code', retryAfterSeconds: null }
  if (code === '33334444') return { ok: false, failure: 'rate-limited', retryAfterSeconds: 60 }
  if (code === '44445555') throw new Unreachable('connect ECONNREFUSED')
  return { ok: false, failure: 'unknown-code', retryAfterSeconds: null }
}
const isUnreachable = (error: unknown): error is Error => error instanceof Unreachable

describe('the number typed in the window', { timeout: 60_000 }, () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser.close()
  })

  it('shows why a number was refused, takes a corrected one and goes on to connecting', async () => {
    const ui = await startConsentUi({
      language: 'ja',
      initial: { type: 'ask-code', problem: null },
      openBrowser: false,
    })
    const context = await browser.newContext({ locale: 'ja-JP' })
    try {
      const page = await context.newPage()
      await page.goto(ui.url)
      const result = codeFromWindow({ ui, redeem: fakeRedeem, isUnreachable })
      const input = page.locator('#session-code')
      const submit = async (typed: string) => {
        await input.fill(typed)
        await page.locator('#submit-code').click()
      }

      await submit('12ab')
      await page.locator('#code-problem', { hasText: '8桁の数字を入力してください。' }).waitFor()
      await submit('9999 0000')
      await page
        .locator('#code-problem', { hasText: 'この番号のセッションは見つかりません' })
        .waitFor()
      await submit('2222-3333')
      await page.locator('#code-problem', { hasText: '有効期限が切れています' }).waitFor()
      await submit('3333 4444')
      await page.locator('#code-problem', { hasText: '試行回数が多すぎます' }).waitFor()
      await page.getByRole('button', { name: 'English' }).click()
      await page.locator('#code-problem', { hasText: 'Too many attempts' }).waitFor()

      await submit('1234 5678')
      expect(await result).toEqual({ kind: 'redeemed', redemption: REDEMPTION })
      await page.locator('#content[data-view="connecting"]').waitFor()
    } finally {
      await context.close()
      await ui.close()
    }
  })
})

describe('codeFromWindow without a browser', () => {
  /** A window that records views and lets the test click. */
  function fakeUi(): ConsentUi & { views: ConsentView[]; click(action: CustomerAction): void } {
    const handlers = new Set<(action: CustomerAction) => void>()
    const views: ConsentView[] = []
    return {
      url: 'http://127.0.0.1:1/t/',
      views,
      update: (view) => views.push(view),
      showApplications: () => undefined,
      onAction: (handler) => {
        handlers.add(handler)
        return () => handlers.delete(handler)
      },
      close: () => Promise.resolve(),
      click: (action) => {
        for (const handler of [...handlers]) handler(action)
      },
    }
  }

  it('gives up on an unreachable server and stops on キャンセル', async () => {
    const ui = fakeUi()
    const unreachable = codeFromWindow({ ui, redeem: fakeRedeem, isUnreachable })
    ui.click({ type: 'submit-code', code: '44445555' })
    expect(await unreachable).toEqual({
      kind: 'failed',
      failure: 'unreachable',
      detail: 'connect ECONNREFUSED',
    })

    const ended = codeFromWindow({ ui, redeem: fakeRedeem, isUnreachable })
    ui.click({ type: 'accept' })
    ui.click({ type: 'end' })
    expect(await ended).toEqual({ kind: 'ended' })
  })

  it('asks again with the reason after an unknown number', async () => {
    const ui = fakeUi()
    const result = codeFromWindow({ ui, redeem: fakeRedeem, isUnreachable })
    ui.click({ type: 'submit-code', code: '11112222' })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(ui.views).toEqual([{ type: 'ask-code', problem: 'unknown' }])
    ui.click({ type: 'submit-code', code: '12345678' })
    expect(await result).toMatchObject({ kind: 'redeemed' })
  })
})
