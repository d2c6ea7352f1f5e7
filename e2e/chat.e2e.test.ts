/**
 * Website chat end to end, real parts only (docs/customer-flows.md D): the built server; a
 * support company's page on another origin with the one script tag and the documented CSP;
 * the visitor chats from the widget with the operator in the console (queue badge, take,
 * typing, delivered/read, a cut connection that loses and doubles nothing); on SQLite the
 * operator then asks for remote control, the visitor allows it, downloads and runs the real
 * program on Xvfb (an xterm on it), accepts in its window, and the operator's viewer shows
 * that screen pixel for pixel, with the program's verification code, while the chat goes on. The chat part runs on PostgreSQL as well.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { type AgentProcess, CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { type ChatWidget, chatWidget, type WidgetState } from './support/chat-widget.js'
import { ADMIN, COMPANY, setUpCompany } from './support/company.js'
import {
  logIn,
  screenshot,
  switchLanguage,
  UI_TIMEOUT_MS,
  watchForProblems,
} from './support/console-page.js'
import { type HostPage, startHostPage } from './support/host-page.js'
import {
  agentVerificationCode,
  expectViewerShowsScreen,
  waitForViewerEnd,
} from './support/operator-viewer.js'
import { type DatabaseKind, startServer, type TestServer } from './support/start-server.js'
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js'
import { startTerminalShowing } from './support/terminal-window.js'
import { startXDisplay, type XDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'
/** The server prepares its copy of the 120 MB build on the first download. */
const PREPARE_TIMEOUT_MS = 150_000
const LINUX_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const CUSTOMER = '山田 花子'

const bodies = (state: WidgetState) => state.lines.map((line) => line.body)
const line = (state: WidgetState, body: string) => state.lines.find((l) => l.body === body)

interface Parts {
  server: TestServer
  proxy: TcpProxy
  host: HostPage
  browser: Browser
  operator: Page
  customerContext: BrowserContext
  customer: Page
  widget: ChatWidget
  problems: () => readonly string[]
}

/** What a host page looks like to its own scripts: globals, and its own elements' styles. */
async function hostLooks(page: Page) {
  return page.evaluate(() => {
    const style = (selector: string) => {
      const node = document.querySelector(selector)
      if (node === null) return null
      const computed = getComputedStyle(node)
      return ['color', 'font-size', 'font-family', 'margin', 'box-sizing'].map((p) =>
        computed.getPropertyValue(p),
      )
    }
    return {
      globals: Object.keys(window).sort(),
      button: style('#host-button'),
      text: style('#host-text'),
      body: style('body'),
    }
  })
}

/**
 * Steps 1–3 of the chat on one database: returns once the visitor and the operator have
 * chatted, with typing and marks, across a cut connection.
 */
function describeChat(database: DatabaseKind, withRemoteControl: boolean) {
  const parts = {} as Parts
  // The docs' pictures come from one run (the SQLite one).
  const picture = async (page: Page, name: string) => {
    if (database === 'sqlite') await screenshot(page, name)
  }
  const agents: AgentProcess[] = []
  let x: XDisplay | undefined
  let workDir: string | undefined

  beforeAll(
    async () => {
      parts.server = await startServer(
        database,
        withRemoteControl ? { AGENT_BUILDS_DIR: await linuxAgentBuild() } : {},
      )
      await setUpCompany(parts.server)
      // The widget reaches the server through a forwarder the test can cut, like a network.
      parts.proxy = await startTcpProxy(new URL(parts.server.url))
      parts.host = await startHostPage(parts.proxy.url, COMPANY.slug)
      parts.browser = await launchBrowser()
      const operatorContext = await newContext(parts.browser, 'ja-JP')
      parts.operator = await operatorContext.newPage()
      await logIn(parts.operator, parts.server.url, ADMIN.email, PASSWORD)
      parts.customerContext = await parts.browser.newContext({
        ignoreHTTPSErrors: true,
        locale: 'ja-JP',
        userAgent: LINUX_CHROME,
        acceptDownloads: true,
        viewport: { width: 1000, height: 760 },
      })
    },
    withRemoteControl ? AGENT_BUILD_TIMEOUT_MS : UI_TIMEOUT_MS * 4,
  )

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    await (parts.browser as Browser | undefined)?.close()
    await (parts.host as HostPage | undefined)?.close()
    await (parts.proxy as TcpProxy | undefined)?.close()
    await (parts.server as TestServer | undefined)?.stop()
    await x?.stop()
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true })
  })

  it(
    'loads on a page with the documented CSP, leaks no styles or globals, and chats both ways without loss',
    async () => {
      const { operator, customerContext, host } = parts
      // The same page without the widget, for comparison.
      const bare = await customerContext.newPage()
      await bare.route('**/widget.js', (route) => route.abort())
      await bare.goto(host.url)
      const without = await hostLooks(bare)
      // The policy is in force: a connection anywhere but the tasuke server is refused.
      const refused = await bare.evaluate(
        () =>
          new Promise<string>((resolve) => {
            document.addEventListener('securitypolicyviolation', (event) => {
              resolve(event.effectiveDirective)
            })
            fetch('http://127.0.0.1:9/').catch(() => undefined)
          }),
      )
      expect(refused).toBe('connect-src')
      await bare.close()

      const customer = await customerContext.newPage()
      parts.customer = customer
      parts.problems = watchForProblems(customer)
      await customer.goto(host.url)
      const widget = await chatWidget(customer)
      parts.widget = widget
      expect(await hostLooks(customer)).toEqual(without)
      expect(without.button?.[0]).toBe('rgb(255, 0, 0)')
      // The host's `button { color: red; font-size: 31px }` does not reach the widget's button.
      expect(await widget.style('.launcher', 'color')).toBe('rgb(255, 255, 255)')
      expect(await widget.style('.launcher', 'font-size')).toBe('14px')

      await widget.click('.launcher', 'チャットで相談する')
      await widget.waitFor((s) => s.isPanelOpen, 'its panel')
      await widget.type('.start input', CUSTOMER)
      await widget.click('.start button', 'チャットを開始')
      await widget.waitFor((s) => s.status.includes('オペレータにおつなぎしています'), 'waiting')
      await widget.type('textarea', '画面が固まりました')
      await customer.keyboard.press('Enter')
      await widget.waitFor((s) => line(s, '画面が固まりました')?.mark === '送信済み', '送信済み')

      // The operator: the badge, the request, 対応する.
      await operator.goto(`${parts.server.url}/chat`)
      await operator.getByTestId('chat-badge').filter({ hasText: '1' }).waitFor()
      const request = operator.getByTestId('chat-queue').locator('li', { hasText: CUSTOMER })
      await request.getByText('待機中').waitFor()
      await request.getByRole('button', { name: '対応する' }).click()
      await widget.waitFor((s) => s.status.includes(`${ADMIN.name} が対応します`), 'taken')
      const log = operator.getByTestId('chat-log')
      await log.getByText('画面が固まりました').waitFor()
      // The console has read it: the visitor's mark says so.
      await widget.waitFor((s) => line(s, '画面が固まりました')?.mark === '既読', '既読')
      // The navigation polls the queue every few seconds.
      await expect
        .poll(() => operator.getByTestId('chat-badge').count(), { timeout: UI_TIMEOUT_MS })
        .toBe(0)

      // The operator types (the visitor sees it), then sends.
      const compose = operator.getByRole('textbox', { name: 'メッセージ', exact: true })
      await compose.pressSequentially('確認します')
      await widget.waitFor((s) => s.typing === 'オペレータが入力中…', 'the typing line')
      await operator.getByRole('button', { name: '送信', exact: true }).click()
      await widget.waitFor(
        (s) => bodies(s).includes('確認します') && s.typing === '',
        'the reply without the typing line',
      )
      const reply = log.locator('li', { hasText: '確認します' }).locator('.chat-tick')
      await reply.and(operator.locator('[data-status="read"]')).waitFor()

      // The visitor types (the operator sees it), then sends.
      await widget.type('textarea', 'ありがとうございます')
      await operator.getByText('お客さまが入力中…').waitFor()
      await customer.keyboard.press('Enter')
      await log.getByText('ありがとうございます').waitFor()
      await expect.poll(() => operator.getByText('お客さまが入力中…').count()).toBe(0)
      await picture(customer, 'chat-widget-ja.png')
      await picture(operator, 'chat-console-ja.png')
      await switchLanguage(operator, 'en')
      await operator.getByRole('button', { name: 'Request remote control' }).waitFor()
      await picture(operator, 'chat-console-en.png')
      await switchLanguage(operator, 'ja')

      // The visitor's network goes away; both sides write meanwhile.
      await customerContext.setOffline(true)
      expect(parts.proxy.cutAll()).toBeGreaterThan(0)
      await widget.waitFor((s) => s.status.includes('再接続しています'), 'reconnecting')
      await widget.type('textarea', 'オフライン中の1通目')
      await customer.keyboard.press('Enter')
      await widget.type('textarea', 'オフライン中の2通目')
      await customer.keyboard.press('Enter')
      await compose.fill('その間のオペレータの返事')
      await operator.getByRole('button', { name: '送信', exact: true }).click()
      await log
        .locator('li', { hasText: 'その間のオペレータの返事' })
        .locator('[data-status="delivered"]')
        .waitFor()
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const offline = await widget.state()
      expect(line(offline, 'オフライン中の1通目')?.mark).toBe('…')
      expect(bodies(offline)).not.toContain('その間のオペレータの返事')
      expect(await log.getByText('オフライン中の1通目').count()).toBe(0)

      await customerContext.setOffline(false)
      const back = await widget.waitFor(
        (s) =>
          bodies(s).includes('その間のオペレータの返事') &&
          line(s, 'オフライン中の2通目')?.mark === '既読',
        'the missed reply and its own messages read',
      )
      expect(back.status).toContain(`${ADMIN.name} が対応します`)
      await log.getByText('オフライン中の2通目').waitFor()
      const expected = [
        '画面が固まりました',
        '確認します',
        'ありがとうございます',
        'オフライン中の1通目',
        'オフライン中の2通目',
        'その間のオペレータの返事',
      ]
      // Nothing lost, nothing twice, on either side.
      expect([...bodies(back)].sort()).toEqual([...expected].sort())
      expect(new Set(back.lines.map((l) => l.id)).size).toBe(expected.length)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const consoleBodies = await log.locator('.chat-body').allTextContents()
      expect([...consoleBodies].sort()).toEqual([...expected].sort())
      expect(parts.problems()).toEqual([])
    },
    UI_TIMEOUT_MS * 8,
  )

  if (withRemoteControl) {
    it(
      'asks for remote control in the chat: 許可する downloads the program, 承諾 in it, the viewer paints, the chat goes on',
      async () => {
        const { operator, customerContext, widget, customer } = parts
        await operator.getByRole('button', { name: 'リモート接続をリクエスト' }).click()
        const requested = operator.getByTestId('chat-remote')
        await requested.waitFor()
        const code = /(\d{8})/.exec((await requested.textContent()) ?? '')?.[1] ?? ''
        expect(code).toMatch(/^\d{8}$/)
        await widget.waitFor(
          (s) => s.requests.some((r) => r.includes('リモート接続のリクエスト')),
          'the request',
        )
        const [joinPage] = await Promise.all([
          customerContext.waitForEvent('page'),
          widget.click('.request button', '許可する'),
        ])
        await requested.getByText('お客さまが許可しました').waitFor()
        await joinPage.waitForURL(`**/join/${code}`)
        const [download] = await Promise.all([
          joinPage.waitForEvent('download', { timeout: PREPARE_TIMEOUT_MS }),
          joinPage.getByTestId('join-download').click({ timeout: PREPARE_TIMEOUT_MS }),
        ])
        expect(download.suggestedFilename()).toBe(`tasuke-support-${code}`)
        workDir = await mkdtemp(join(tmpdir(), 'tasuke-chat-e2e-'))
        const path = join(workDir, download.suggestedFilename())
        await download.saveAs(path)
        await chmod(path, 0o755)

        x = await startXDisplay(1024, 768)
        await startTerminalShowing(x, 'chat e2e: the customer screen')
        const agent = startAgent(['--no-browser', '--lang', 'ja'], path, x.env)
        agents.push(agent)
        const [, url] = await agent.waitFor(CONSENT_URL)
        const consent = await customerContext.newPage()
        await consent.goto(url ?? '')
        await consent.getByText(COMPANY.name).first().waitFor({ timeout: UI_TIMEOUT_MS })
        await consent.getByRole('button', { name: '承諾' }).click()

        // The viewer opens beside the chat, which stays open.
        const [viewer] = await Promise.all([
          operator.context().waitForEvent('page'),
          requested.getByRole('link', { name: 'ビューアを開く' }).click(),
        ])
        await viewer.getByTestId('viewer-state').getByText('接続されました').waitFor({
          timeout: UI_TIMEOUT_MS,
        })
        // The same code on both sides; the canvas shows the display pixel for pixel.
        const shown = await expectViewerShowsScreen(viewer, x)
        expect(await agentVerificationCode(consent)).toBe(shown)
        await consent.getByText('接続されました').first().waitFor()

        // The chat goes on both ways during the session.
        await operator
          .getByRole('textbox', { name: 'メッセージ', exact: true })
          .fill('画面が見えました')
        await operator.getByRole('button', { name: '送信', exact: true }).click()
        await widget.waitFor((s) => bodies(s).includes('画面が見えました'), 'the operator')
        await widget.type('textarea', 'よろしくお願いします')
        await customer.keyboard.press('Enter')
        await operator.getByTestId('chat-log').getByText('よろしくお願いします').waitFor()

        await consent.getByRole('button', { name: 'キャンセル' }).click()
        await waitForViewerEnd(viewer, 'customer')
        const result = await agent.exited
        expect(result.exitCode, result.stderr).toBe(0)
        expect(parts.problems()).toEqual([])
      },
      PREPARE_TIMEOUT_MS * 2,
    )

    it(
      'speaks English after an English browser (widget and console)',
      async () => {
        const context = await parts.browser.newContext({
          ignoreHTTPSErrors: true,
          locale: 'en-US',
          viewport: { width: 1000, height: 760 },
        })
        const page = await context.newPage()
        await page.goto(parts.host.url)
        const widget = await chatWidget(page)
        await widget.click('.launcher', 'Chat with us')
        await widget.type('.start input', 'Jane Doe')
        await widget.click('.start button', 'Start chat')
        await widget.waitFor((s) => s.status.includes('Connecting you to an operator'), 'waiting')
        await widget.type('textarea', 'My printer does not print.')
        await page.keyboard.press('Enter')
        await widget.waitFor((s) => s.lines[0]?.mark === 'Delivered', 'Delivered')
        await picture(page, 'chat-widget-en.png')
        await context.close()
      },
      UI_TIMEOUT_MS * 4,
    )
  }
}

describe('website chat on SQLite, then remote control', () => {
  describeChat('sqlite', true)
})

describe('website chat on PostgreSQL', () => {
  describeChat('postgres', false)
})
