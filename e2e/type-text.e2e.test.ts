/**
 * Text to type end to end (issue 5, SPEC.md P7), real parts only: an Xvfb display with a UTF-8
 * xterm, the built server, the customer's Linux executable and the operator in Chromium. The
 * operator clicks into the xterm, opens 文字を送信 and sends a command with a newline; the
 * agent types it character by character (é and € included) and the shell runs it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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
import { startTerminal } from './support/terminal-window.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'
const COMMAND = 'echo "typed: $((6*7)) é€" > typed.txt'

describe('text typed on the operator’s request', () => {
  let x: XDisplay
  let workDir: string
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  let executable: string
  const agents: AgentProcess[] = []

  beforeAll(async () => {
    executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    x = await startXDisplay(1024, 768)
    workDir = await mkdtemp(join(tmpdir(), 'tasuke-type-text-'))
    await startTerminal(x, `cd '${workDir}' && PS1='$ ' exec bash --norc --noprofile`)
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    await operator.setViewportSize({ width: 1400, height: 1100 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    if ((workDir as string | undefined) !== undefined) {
      await rm(workDir, { recursive: true, force: true })
    }
  })

  it('[P7] types the operator’s text, non-ASCII and newline included, into the xterm', async () => {
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

    // A click on the xterm gives it the keyboard; then the text goes through the dialog.
    const inTerminal = await pagePoint(operator, 300, 200)
    await operator.mouse.click(inTerminal.x, inTerminal.y)
    await operator.getByRole('button', { name: '文字を送信' }).click()
    const dialog = operator.getByTestId('type-text-dialog')
    await dialog.getByRole('textbox').fill(`${COMMAND}\n`)
    expect(await dialog.getByTestId('type-text-counter').textContent()).toBe(
      `${`${COMMAND}\n`.length} / 4096 文字`,
    )
    await screenshot(operator, 'viewer-type-text.png')
    await dialog.getByRole('button', { name: '送信' }).click()
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS })

    await expect
      .poll(() => readFile(join(workDir, 'typed.txt'), 'utf8').catch(() => ''), {
        timeout: 20_000,
      })
      .toBe('typed: 42 é€\n')

    await customer.getByRole('button', { name: 'キャンセル' }).click()
    await operator
      .locator('[data-testid="viewer-state"][data-ended-by="customer"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    expect(problems()).toEqual([])
  })
})
