/**
 * The operator's viewer page against the real server and relay in a real Chromium: the
 * operator opens 画面を見る from the sessions list, sees 接続を待っています… with the number,
 * the customer's side (written here with the protocol package) redeems, consents and runs the
 * end-to-end handshake; both sides show the same verification code, the screen is painted and
 * acked, and 切断 ends it for the customer too.
 */
import { deflateSync } from 'node:zlib'

import { ScreenEncoding, formatSessionCode } from '@tasuke/protocol'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, screenshot, watchForProblems } from './support/console-page.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { type PeerAgent, connectPeerAgent } from './support/peer-agent.js'
import { startServer, type TestServer } from './support/start-server.js'

const WIDTH = 960
const HEIGHT = 600

/** A desktop-like picture as zlib of B, G, R, X pixels: a gradient and a window. */
function desktop(): Uint8Array {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 4)
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      const isWindow = x > 160 && x < 800 && y > 90 && y < 500
      const isTitle = isWindow && y < 124
      const [r, g, b] = isTitle
        ? [37, 99, 235]
        : isWindow
          ? [248, 250, 252]
          : [30 + (x * 40) / WIDTH, 60 + (y * 80) / HEIGHT, 120 + (x * 60) / WIDTH]
      pixels.set([b, g, r, 0], (y * WIDTH + x) * 4)
    }
  }
  return deflateSync(pixels)
}

describe('the operator’s viewer page', () => {
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let page: Page
  let problems: () => readonly string[]
  let agent: PeerAgent | undefined

  beforeAll(async () => {
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    page = await (await newContext(browser, 'ja-JP')).newPage()
    problems = watchForProblems(page)
    await logIn(page, server.url, ADMIN.email, 'correct horse battery staple')
  })

  afterAll(async () => {
    agent?.close()
    await browser.close()
    await server.stop()
  })

  it('waits for the customer, shows the verification code both sides share, and paints', async () => {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    await page.reload()
    await page
      .locator(`tr[data-session-code="${session.code}"]`)
      .getByRole('link', { name: /画面を見る/ })
      .click()
    await page.waitForURL(`**/sessions/${session.id}/view`, { timeout: UI_TIMEOUT_MS })
    await page
      .getByText(`接続を待っています… セッション番号 ${formatSessionCode(session.code)}`)
      .waitFor({ timeout: UI_TIMEOUT_MS })

    const answer = await httpsCall(`${server.url}/api/v1/redeem`, {
      method: 'POST',
      body: { code: session.code },
    })
    const { agentToken } = jsonOf(answer) as { agentToken: string }
    const customer = await connectPeerAgent(server.url, agentToken)
    agent = customer
    await customer.next('welcome')
    customer.consent()
    await customer.next('peer-joined')
    const code = await customer.handshake()

    const shown = page.getByTestId('verification-code')
    await shown.waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await shown.getAttribute('data-code')).toBe(code)
    expect(await shown.textContent()).toContain(`確認コード ${code.slice(0, 3)} ${code.slice(3)}`)
    expect(await page.getByTestId('viewer-state').textContent()).toContain('接続されました')

    const painted = page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          document.addEventListener('tasuke:painted', (event) => {
            resolve((event as CustomEvent).detail)
          })
        }),
    )
    await customer.send({ type: 'screen-info', width: WIDTH, height: HEIGHT })
    await customer.sendUpdate({
      x: 0,
      y: 0,
      width: WIDTH,
      height: HEIGHT,
      encoding: ScreenEncoding.Zlib,
      image: desktop(),
    })
    expect(await painted).toMatchObject({ sequence: 1, width: WIDTH, height: HEIGHT })
    expect(await customer.nextSealed('ack')).toEqual({ type: 'ack', sequence: 1 })
    // The connection figures refresh once a second.
    await page.getByText(/\d+ KB\/s/).waitFor({ timeout: UI_TIMEOUT_MS })
    await screenshot(page, 'viewer.png')
    expect(problems()).toEqual([])
  })

  it('切断 ends the session for the customer, and the page says who ended it', async () => {
    if (agent === undefined) throw new Error('the first test did not connect the customer')
    await page.getByRole('button', { name: '切断', exact: true }).click()
    await page.getByRole('button', { name: '切断する' }).click()
    expect(await agent.nextSealed('end')).toEqual({ type: 'end', reason: 'operator-ended' })
    expect(await agent.next('session-ended')).toMatchObject({ reason: 'operator-ended' })
    const state = page.getByTestId('viewer-state')
    await page
      .locator('[data-testid="viewer-state"][data-ended-by="operator"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await state.textContent()).toContain('セッションを終了しました。')
    expect(problems()).toEqual([])
  })
})
