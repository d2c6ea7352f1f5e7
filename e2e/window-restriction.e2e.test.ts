/**
 * The customer shows only chosen applications (DESIGN.md S15, SPEC.md P10), real parts only:
 * the built server, the customer's executable on an Xvfb display with two xterms of different
 * colours, its own window, and the operator's viewer in Chromium. Before 承諾 the customer
 * picks one xterm: the canvas shows that one and a uniform grey everywhere else, checked pixel
 * for pixel against the display; a click and typing aimed at the hidden xterm do nothing;
 * the hidden xterm moved over the shown one stays grey; the viewer says the restriction is
 * on; 画面全体 shows everything again.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { type AgentProcess, CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { certificateFingerprint } from './support/certificate.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, watchForProblems } from './support/console-page.js'
import { canvasPicture, expectCanvasShowsDisplay, pagePoint } from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'
import { differingShare, type RgbaPicture, screenshotX } from './support/x-screenshot.js'

const WIDTH = 1024
const HEIGHT = 768
const PASSWORD = 'correct horse battery staple'
/** The agent's mask colour (packages/agent/src/capture/masked-capture.ts). */
const MASK = [0x40, 0x40, 0x40] as const
/** The first masked picture crosses the relay and may be refined from lossy tiles. */
const PICTURE_TIMEOUT_MS = 20_000
/** All but a few stray pixels must match (the same bar as expectCanvasShowsDisplay). */
const MAX_DIFFERING_SHARE = 0.001
/** How long a typed command would take to run if it got through. */
const TYPING_SETTLES_MS = 2_000

interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

const contains = (rect: Rect, x: number, y: number) =>
  x >= rect.x && y >= rect.y && x < rect.x + rect.width && y < rect.y + rect.height

/** The display's picture with every pixel the operator may not see painted in the mask. */
function maskedPicture(picture: RgbaPicture, isVisible: (x: number, y: number) => boolean) {
  const rgba = new Uint8Array(picture.rgba)
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      if (isVisible(x, y)) continue
      const at = (y * picture.width + x) * 4
      rgba.set(MASK, at)
    }
  }
  return { width: picture.width, height: picture.height, rgba }
}

describe('the customer shows only chosen applications', () => {
  let x: XDisplay
  let shownDir: string
  let hiddenDir: string
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  let agent: AgentProcess | undefined

  /** An xterm titled `title` with a bash prompt in `dir`; returns its window id. */
  const startXterm = async (title: string, background: string, geometry: string, dir: string) => {
    x.launch('xterm', [
      '-T',
      title,
      '-geometry',
      geometry,
      '-bg',
      background,
      '-fg',
      'black',
      '-e',
      'bash',
      '-c',
      `cd '${dir}' && PS1='${title}$ ' exec bash --norc --noprofile`,
    ])
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      const found = await x
        .xdotool('search', '--onlyvisible', '--name', `^${title}$`)
        .catch(() => '')
      const id = found.trim().split('\n')[0]
      if (id !== undefined && id !== '') return id
      await sleep(100)
    }
    throw new Error(`no ${title} window appeared`)
  }

  /** The window's rectangle on the display, border included. */
  const windowRect = async (id: string): Promise<Rect> => {
    const shell = await x.xdotool('getwindowgeometry', '--shell', id)
    const field = (name: string) => Number(new RegExp(`${name}=(-?\\d+)`).exec(shell)?.[1])
    // xdotool gives the outer corner and the inner size; xterm's border is 1 pixel here.
    return { x: field('X'), y: field('Y'), width: field('WIDTH') + 2, height: field('HEIGHT') + 2 }
  }

  /** Waits until the canvas equals the display with everything outside `isVisible` masked. */
  const expectCanvasShowsOnly = async (isVisible: (x: number, y: number) => boolean) => {
    await expect
      .poll(
        async () =>
          differingShare(
            await canvasPicture(operator),
            maskedPicture(await screenshotX(x.display), isVisible),
          ),
        { timeout: PICTURE_TIMEOUT_MS, interval: 500 },
      )
      .toBeLessThan(MAX_DIFFERING_SHARE)
  }

  let shownId: string
  let hiddenId: string

  beforeAll(async () => {
    const buildsDir = await linuxAgentBuild()
    x = await startXDisplay(WIDTH, HEIGHT)
    shownDir = await mkdtemp(join(tmpdir(), 'tasuke-shown-'))
    hiddenDir = await mkdtemp(join(tmpdir(), 'tasuke-hidden-'))
    shownId = await startXterm('shown-app', 'white', '60x16+40+40', shownDir)
    hiddenId = await startXterm('hidden-app', '#88cc88', '50x14+560+380', hiddenDir)
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    await operator.setViewportSize({ width: 1400, height: 1200 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    agent?.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    for (const dir of [shownDir, hiddenDir] as (string | undefined)[]) {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    }
  })

  const typeCommand = async (command: string) => {
    await operator.keyboard.type(command)
    await operator.keyboard.press('Enter')
  }

  it('[P10] shows one chosen xterm, masks the other, drops input aimed at it, and shows all again', async () => {
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

    // Before 承諾: only the chosen application.
    // Each click is applied at once and the page shows the agent's answer (a new element).
    const onlyChosen = consent.getByRole('radio', { name: '選んだアプリだけ' })
    await onlyChosen.click({ timeout: UI_TIMEOUT_MS })
    await expect.poll(() => onlyChosen.isChecked()).toBe(true)
    const shownChoice = consent.getByRole('checkbox', { name: 'shown-app' })
    await shownChoice.click({ timeout: UI_TIMEOUT_MS })
    await expect.poll(() => shownChoice.isChecked()).toBe(true)
    expect(await consent.getByRole('checkbox', { name: 'hidden-app' }).isChecked()).toBe(false)
    await consent.getByRole('button', { name: '承諾' }).click({ timeout: UI_TIMEOUT_MS })

    await operator.goto(`${server.url}/sessions/${encodeURIComponent(session.id)}/view`)
    const banner = operator.getByTestId('window-restriction-on')
    await banner.waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await banner.textContent()).toContain(
      'お客様は選んだアプリケーションだけを表示しています',
    )
    const shown = await windowRect(shownId)
    let hidden = await windowRect(hiddenId)
    await expectCanvasShowsOnly((px, py) => contains(shown, px, py))
    const canvas = await canvasPicture(operator)
    const at = (px: number, py: number) => [
      ...canvas.rgba.subarray((py * WIDTH + px) * 4, (py * WIDTH + px) * 4 + 3),
    ]
    expect(at(hidden.x + 20, hidden.y + 20)).toEqual([...MASK])
    expect(at(shown.x + shown.width - 5, shown.y + shown.height - 5)).toEqual([255, 255, 255])

    // Typing reaches the chosen xterm.
    const inShown = await pagePoint(operator, shown.x + 100, shown.y + 100)
    await operator.mouse.click(inShown.x, inShown.y)
    await typeCommand('touch typed-in-shown')
    await expect
      .poll(() => existsSync(join(shownDir, 'typed-in-shown')), { timeout: 15_000 })
      .toBe(true)

    // A click on the hidden xterm does nothing; keys keep going to the chosen one.
    const inHidden = await pagePoint(operator, hidden.x + 60, hidden.y + 60)
    await operator.mouse.click(inHidden.x, inHidden.y)
    await typeCommand('touch clicked-hidden')
    await expect
      .poll(() => existsSync(join(shownDir, 'clicked-hidden')), { timeout: 15_000 })
      .toBe(true)
    expect(existsSync(join(hiddenDir, 'clicked-hidden'))).toBe(false)

    // The customer's own pointer on the hidden xterm gives it the keys: the operator's are dropped.
    await x.xdotool('mousemove', String(hidden.x + 60), String(hidden.y + 60))
    await typeCommand('touch typed-while-hidden-has-keys')
    await operator.waitForTimeout(TYPING_SETTLES_MS)
    expect(existsSync(join(hiddenDir, 'typed-while-hidden-has-keys'))).toBe(false)
    expect(existsSync(join(shownDir, 'typed-while-hidden-has-keys'))).toBe(false)

    // The hidden xterm moved over the chosen one stays hidden.
    await x.xdotool('windowraise', hiddenId, 'windowmove', '--sync', hiddenId, '200', '150')
    hidden = await windowRect(hiddenId)
    expect(contains(hidden, shown.x + shown.width - 10, shown.y + shown.height - 10)).toBe(true)
    await expectCanvasShowsOnly((px, py) => contains(shown, px, py) && !contains(hidden, px, py))

    // 画面全体: everything again, and the banner goes.
    await consent.getByRole('radio', { name: '画面全体' }).click()
    await banner.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS })
    await expectCanvasShowsDisplay(operator, x)
    expect(problems()).toEqual([])

    await consent.getByRole('button', { name: 'キャンセル' }).click()
    expect((await agent.exited).exitCode).toBe(0)
  })
})
