/**
 * Several monitors and resolution changes end to end (issue 5, SPEC.md P8), real parts only:
 * Xvnc (a real X server whose RandR lays out monitors and changes the screen size, which
 * Xvfb cannot), xterms, the built server, the customer's Linux executable and the operator
 * in Chromium. The operator picks the second monitor: the canvas shows exactly its pixels and
 * a click lands on it; the customer's screen changes size mid-session: the canvas follows.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import type { AgentProcess } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, screenshot, watchForProblems } from './support/console-page.js'
import { customerAccepts } from './support/customer-accepts.js'
import {
  canvasPicture,
  expectCanvasShowsDisplay,
  expectOperatorSeesScreen,
  pagePoint,
} from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { type XDisplay, startXDisplay, waitForWindow } from './support/x-display.js'
import { cropPicture, differingShare, screenshotX } from './support/x-screenshot.js'

const PASSWORD = 'correct horse battery staple'
const run = promisify(execFile)
const PICTURE_TIMEOUT_MS = 20_000

describe('the customer’s monitors and screen size', () => {
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  let executable: string
  let x: XDisplay | undefined
  let agent: AgentProcess | undefined

  beforeAll(async () => {
    executable = `${await linuxAgentBuild()}/tasuke-agent-linux-x64`
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    await operator.setViewportSize({ width: 1400, height: 1100 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterEach(async () => {
    agent?.kill()
    await x?.stop()
  })

  afterAll(async () => {
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
  })

  /** A new number, accepted by the customer on `display`, and the operator's viewer on it. */
  async function connect(display: XDisplay): Promise<void> {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    const accepted = await customerAccepts(browser, server, session.code, display, executable)
    agent = accepted.agent
    await expectOperatorSeesScreen(operator, server.url, session.id, display)
  }

  function xrandr(display: XDisplay, ...args: string[]) {
    return run('xrandr', args, { env: display.env, timeout: 10_000 })
  }

  it('[P8] shows only the monitor the operator picks, and input lands on it', async () => {
    x = await startXDisplay(1824, 768, 'xvnc')
    // Two monitors side by side: 1024x768 at the left, 800x600 at its right.
    await xrandr(x, '--setmonitor', 'left', '1024/270x768/200+0+0', 'VNC-0')
    await xrandr(x, '--setmonitor', 'right', '800/210x600/160+1024+0', 'none')
    x.launch('xterm', ['-bg', '#1d4f91', '-fg', 'white', '-geometry', '60x20+40+40'])
    x.launch('xterm', ['-bg', '#8a1c1c', '-fg', 'white', '-geometry', '50x15+1100+60'])
    await waitForWindow(x, 'xterm')
    await connect(x)

    const select = operator.getByTestId('screen-select')
    await select.waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await select.locator('option').count()).toBe(3)
    await select.selectOption({ index: 2 })

    // The canvas becomes the right monitor: its size, and exactly its pixels.
    const display = x
    await expect
      .poll(
        async () => {
          const canvas = await canvasPicture(operator)
          const shown = cropPicture(await screenshotX(display.display), 1024, 0, 800, 600)
          return differingShare(canvas, shown)
        },
        { timeout: PICTURE_TIMEOUT_MS, interval: 500 },
      )
      .toBeLessThan(0.001)
    await screenshot(operator, 'viewer-second-monitor.png')

    // A click at (200, 100) of the shown monitor is (1224, 100) on the desktop.
    const point = await pagePoint(operator, 200, 100)
    await operator.mouse.move(point.x, point.y)
    await expect
      .poll(() => display.xdotool('getmouselocation'), { timeout: UI_TIMEOUT_MS })
      .toMatch(/^x:1224 y:100 /)

    // Back to the whole desktop.
    await select.selectOption('all')
    await expectCanvasShowsDisplay(operator, x)
    expect(problems()).toEqual([])
  })

  it('follows the customer’s screen when its resolution changes during the session', async () => {
    x = await startXDisplay(1280, 800, 'xvnc')
    x.launch('xterm', ['-bg', '#225522', '-fg', 'white', '-geometry', '70x20+30+30'])
    await waitForWindow(x, 'xterm')
    await connect(x)

    for (const [width, height] of [
      [1024, 768],
      [1600, 1200],
    ] as const) {
      await xrandr(x, '-s', `${width}x${height}`)
      await expect
        .poll(async () => (await canvasPicture(operator)).width, { timeout: PICTURE_TIMEOUT_MS })
        .toBe(width)
      expect((await canvasPicture(operator)).height).toBe(height)
      await expectCanvasShowsDisplay(operator, x)
    }
    expect(problems()).toEqual([])
  })
})
