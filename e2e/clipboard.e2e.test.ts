/**
 * Clipboard text both ways (SPEC.md P9, DESIGN.md S14), real parts only: an Xvfb display, the
 * built server, the customer's Linux executable and the operator in Chromium with clipboard
 * permissions. The customer copies (xclip on the display): the text lands on the operator's
 * clipboard. The operator presses Ctrl+V in the viewer: their text lands on the customer's
 * CLIPBOARD (read by xclip). With 「クリップボードを共有」 switched off in the customer's window,
 * neither passes and the viewer says so.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import type { AgentProcess } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, screenshot, watchForProblems } from './support/console-page.js'
import { customerAccepts } from './support/customer-accepts.js'
import { expectOperatorSeesScreen, pagePoint } from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'
/** Long enough for a copy that would cross to have crossed; only ever waited out for absence. */
const ABSENCE_WAIT_MS = 2_000

describe('clipboard text with the customer', () => {
  let x: XDisplay
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  let executable: string
  const agents: AgentProcess[] = []
  const copiers: ChildProcess[] = []

  /** A program on the customer's desktop copies `text` (xclip owns CLIPBOARD until replaced). */
  const customerCopies = (text: string) => {
    const child = spawn('xclip', ['-selection', 'clipboard', '-i', '-quiet'], {
      env: x.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    copiers.push(child)
    child.stdin.end(text)
  }
  /** What a program on the customer's desktop pastes from CLIPBOARD (UTF8_STRING). */
  const customerPastes = () =>
    new Promise<string>((resolve) => {
      const args = ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING']
      execFile('xclip', args, { env: x.env, timeout: 10_000 }, (_error, stdout) => {
        resolve(stdout)
      })
    })
  const operatorClipboard = () => operator.evaluate(() => navigator.clipboard.readText())
  const setOperatorClipboard = (text: string) =>
    operator.evaluate((value) => navigator.clipboard.writeText(value), text)
  /** Clicks into the picture (the keyboard goes to the customer) and presses Ctrl+V. */
  const operatorPastes = async () => {
    const inPicture = await pagePoint(operator, 200, 200)
    await operator.mouse.click(inPicture.x, inPicture.y)
    await operator.keyboard.press('Control+V')
  }

  beforeAll(async () => {
    executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    x = await startXDisplay(1024, 768)
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    const context = await newContext(browser, 'ja-JP')
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    operator = await context.newPage()
    await operator.setViewportSize({ width: 1400, height: 1100 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    for (const child of copiers) if (child.exitCode === null) child.kill('SIGTERM')
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
  })

  it('[P9] copies both ways while shared, and neither way once the customer stops it', async () => {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    const { agent, window: customer } = await customerAccepts(
      browser,
      server,
      session.code,
      x,
      executable,
    )
    agents.push(agent)
    await expectOperatorSeesScreen(operator, server.url, session.id, x)
    const viewerClipboard = operator.getByTestId('clipboard')
    await operator.locator('[data-testid="clipboard"][data-shared="true"]').waitFor()

    // The customer copies: it reaches the operator's clipboard. The agent opens its clipboard
    // in the background after 承諾, so the copy is repeated until it crosses.
    await expect
      .poll(
        async () => {
          customerCopies('お客様のコピー: 注文番号 A-123')
          await sleep(300)
          return operatorClipboard()
        },
        { timeout: 20_000 },
      )
      .toBe('お客様のコピー: 注文番号 A-123')

    // The operator pastes in the viewer: the text is on the customer's clipboard first.
    await setOperatorClipboard('オペレーターより: https://example.jp/手順')
    await operatorPastes()
    await expect
      .poll(customerPastes, { timeout: 10_000 })
      .toBe('オペレーターより: https://example.jp/手順')

    // The panel sends typed text too.
    await operator.getByRole('button', { name: 'クリップボード' }).click()
    const panel = operator.getByTestId('clipboard-panel')
    await panel.getByTestId('clipboard-send-text').fill('パネルから送信')
    await panel.getByRole('button', { name: '送信' }).click()
    await expect.poll(customerPastes, { timeout: 10_000 }).toBe('パネルから送信')
    await expect
      .poll(() => panel.getByTestId('clipboard-from-customer').inputValue())
      .toBe('お客様のコピー: 注文番号 A-123')
    await screenshot(operator, 'viewer-clipboard.png')
    await panel.getByRole('button', { name: '閉じる' }).click()

    // The customer stops sharing the clipboard: the viewer says so and sends nothing.
    await customer.getByRole('switch', { name: 'クリップボードを共有' }).click()
    await customer.locator('#share-clipboard[aria-checked="false"]').waitFor()
    await viewerClipboard
      .getByTestId('clipboard-off')
      .filter({ hasText: 'お客様はクリップボードの共有を止めています' })
      .waitFor({ timeout: UI_TIMEOUT_MS })

    customerCopies('お客様だけのメモ')
    await expect.poll(customerPastes).toBe('お客様だけのメモ')
    await setOperatorClipboard('送られないはずの文字')
    await operatorPastes()
    await sleep(ABSENCE_WAIT_MS)
    expect(await customerPastes()).toBe('お客様だけのメモ')
    expect(await operatorClipboard()).toBe('送られないはずの文字')
    await operator.getByRole('button', { name: 'クリップボード' }).click()
    expect(await panel.getByTestId('clipboard-send').isDisabled()).toBe(true)
    expect(await panel.getByTestId('clipboard-from-customer').inputValue()).toBe(
      'お客様のコピー: 注文番号 A-123',
    )
    await screenshot(operator, 'viewer-clipboard-off.png')

    await customer.getByRole('button', { name: 'キャンセル' }).click()
    await operator
      .locator('[data-testid="viewer-state"][data-ended-by="customer"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    // The console never sent clipboard text while it was off (the agent would have dropped it).
    expect(result.stderr).not.toContain('clipboard text from the console')
    expect(problems()).toEqual([])
  })
})
