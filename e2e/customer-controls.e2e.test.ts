/**
 * The customer stays in control (DESIGN.md S8, SPEC.md P6), real parts only: the built server,
 * the customer's executable on an Xvfb display with an xterm, its own window, and the
 * operator's viewer in Chromium. 画面の共有を一時停止 in the agent's window: the viewer says so
 * within a second, the picture stops following the display and typing does not reach it;
 * 再開: the canvas matches the display again. 操作を許可しない（表示のみ）: the viewer says so and
 * typing does not reach the display; 操作を許可する: typing works again.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { type AgentProcess, CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { certificateFingerprint } from './support/certificate.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, watchForProblems } from './support/console-page.js'
import {
  canvasPicture,
  expectCanvasShowsDisplay,
  expectOperatorSeesScreen,
  pagePoint,
} from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { startTerminal } from './support/terminal-window.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'
import { differingShare, screenshotX } from './support/x-screenshot.js'

const WIDTH = 1024
const HEIGHT = 768
const PASSWORD = 'correct horse battery staple'
/** "At once" (DESIGN.md S8): the viewer tells the operator within a second. */
const AT_ONCE_MS = 1_000
/** How long a typed command would take to run if it got through. */
const TYPING_SETTLES_MS = 2_000

describe('the customer pauses the screen and allows viewing only', () => {
  let x: XDisplay
  let workDir: string
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  let agent: AgentProcess | undefined

  beforeAll(async () => {
    const buildsDir = await linuxAgentBuild()
    x = await startXDisplay(WIDTH, HEIGHT)
    workDir = await mkdtemp(join(tmpdir(), 'tasuke-controls-'))
    await startTerminal(x, `cd '${workDir}' && PS1='$ ' exec bash --norc --noprofile`)
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    await operator.setViewportSize({ width: 1400, height: 1100 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    agent?.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    if ((workDir as string | undefined) !== undefined) {
      await rm(workDir, { recursive: true, force: true })
    }
  })

  /** The customer's executable for a new number, accepted in its window; returns the window. */
  const connect = async (): Promise<Page> => {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    const executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    const fingerprint = await certificateFingerprint(server.url)
    const args = ['--server', server.url, '--code', session.code, '--fingerprint', fingerprint]
    agent = startAgent([...args, '--lang', 'ja', '--no-browser'], executable, x.env)
    const [, url] = await agent.waitFor(CONSENT_URL)
    const consent = await (await newContext(browser, 'ja-JP')).newPage()
    await consent.goto(url ?? '')
    await consent.getByRole('button', { name: '承諾' }).click({ timeout: UI_TIMEOUT_MS })
    await expectOperatorSeesScreen(operator, server.url, session.id, x)
    return consent
  }

  /** The operator types a shell command into the xterm (it has the keyboard already). */
  const typeCommand = async (command: string) => {
    await operator.keyboard.type(command)
    await operator.keyboard.press('Enter')
  }

  const notice = (testId: 'customer-paused' | 'customer-view-only') => operator.getByTestId(testId)

  it('pauses and resumes the picture, then takes and gives back control, each shown at once', async () => {
    const consent = await connect()
    // A click on the xterm gives it the pointer (and so the keyboard); typing works.
    const inTerminal = await pagePoint(operator, 300, 200)
    await operator.mouse.click(inTerminal.x, inTerminal.y)
    await typeCommand('touch typed-before')
    await expect
      .poll(() => existsSync(join(workDir, 'typed-before')), { timeout: 15_000 })
      .toBe(true)
    await expectCanvasShowsDisplay(operator, x)

    // Something that changes the display while the sharing is paused: output once `go` exists.
    await typeCommand('until [ -e go ]; do sleep 0.2; done; seq 100000 100015')
    await expectCanvasShowsDisplay(operator, x)
    await consent.getByRole('button', { name: '画面の共有を一時停止' }).click()
    await notice('customer-paused').waitFor({ timeout: AT_ONCE_MS })
    expect(await notice('customer-paused').textContent()).toContain(
      'お客様が画面の共有を一時停止しています',
    )
    expect(await consent.locator('#pause').getAttribute('aria-pressed')).toBe('true')
    expect(await operator.getByTestId('ctrl-alt-del').isDisabled()).toBe(true)
    // The display changes; the canvas keeps the last picture.
    await writeFile(join(workDir, 'go'), '')
    await expect
      .poll(
        async () => differingShare(await canvasPicture(operator), await screenshotX(x.display)),
        {
          timeout: 15_000,
          interval: 500,
        },
      )
      .toBeGreaterThan(0.001)
    await typeCommand('touch typed-while-paused')
    await operator.waitForTimeout(TYPING_SETTLES_MS)
    expect(existsSync(join(workDir, 'typed-while-paused'))).toBe(false)

    await consent.getByRole('button', { name: '再開' }).click()
    await notice('customer-paused').waitFor({ state: 'detached', timeout: AT_ONCE_MS })
    await expectCanvasShowsDisplay(operator, x)

    await consent.getByRole('button', { name: '操作を許可しない（表示のみ）' }).click()
    await notice('customer-view-only').waitFor({ timeout: AT_ONCE_MS })
    expect(await notice('customer-view-only').textContent()).toContain(
      'お客様が操作を許可していません（表示のみ）',
    )
    await typeCommand('touch typed-while-view-only')
    await operator.waitForTimeout(TYPING_SETTLES_MS)
    expect(existsSync(join(workDir, 'typed-while-view-only'))).toBe(false)
    // Viewing goes on: the picture still follows the display.
    await expectCanvasShowsDisplay(operator, x)

    await consent.getByRole('button', { name: '操作を許可する' }).click()
    await notice('customer-view-only').waitFor({ state: 'detached', timeout: AT_ONCE_MS })
    await typeCommand('touch typed-after')
    await expect
      .poll(() => existsSync(join(workDir, 'typed-after')), { timeout: 15_000 })
      .toBe(true)
    expect(existsSync(join(workDir, 'typed-while-paused'))).toBe(false)
    expect(existsSync(join(workDir, 'typed-while-view-only'))).toBe(false)
    expect(problems()).toEqual([])

    await consent.getByRole('button', { name: 'キャンセル' }).click()
    expect((await agent?.exited)?.exitCode).toBe(0)
  })
})
