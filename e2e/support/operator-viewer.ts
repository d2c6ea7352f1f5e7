/**
 * The operator's side of every customer flow: the console's viewer for a session, checked
 * against what the customer's X display really shows (pixel for pixel), and the verification
 * code on both sides (viewer and the agent's own window).
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

import { UI_TIMEOUT_MS } from './console-page.js'
import type { XDisplay } from './x-display.js'
import { differingShare, type RgbaPicture, screenshotX } from './x-screenshot.js'

const VIEWER_CANVAS = '[data-testid="viewer"] canvas'
/** The first full picture crosses the relay and is decoded; on 2 cores that takes seconds. */
const PICTURE_TIMEOUT_MS = 20_000
/** Text is sent lossless, so all but a few stray pixels must be equal. */
const MAX_DIFFERING_SHARE = 0.001

/** The viewer canvas's picture, read in the page. */
export async function canvasPicture(page: Page): Promise<RgbaPicture> {
  const { width, height, data } = await page.evaluate((selector) => {
    const canvas = document.querySelector<HTMLCanvasElement>(selector)
    const context = canvas?.getContext('2d')
    if (canvas === null || context === null || context === undefined) {
      return { width: 0, height: 0, data: '' }
    }
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
    let text = ''
    for (let i = 0; i < pixels.length; i += 8192) {
      text += String.fromCharCode(...pixels.subarray(i, i + 8192))
    }
    return { width: canvas.width, height: canvas.height, data: btoa(text) }
  }, VIEWER_CANVAS)
  return { width, height, rgba: new Uint8Array(Buffer.from(data, 'base64')) }
}

/** Where remote pixel (x, y) is on the operator's page (the canvas is as big as the screen). */
export async function pagePoint(page: Page, x: number, y: number) {
  const canvas = page.locator(VIEWER_CANVAS).first()
  const box = await canvas.boundingBox()
  const size = await canvas.evaluate((node: HTMLCanvasElement) => ({
    width: node.width,
    height: node.height,
  }))
  if (box === null) throw new Error('the viewer canvas is not on the page')
  return {
    x: box.x + (x + 0.5) * (box.width / size.width),
    y: box.y + (y + 0.5) * (box.height / size.height),
  }
}

/** Waits until the viewer's canvas shows what the display shows. */
export async function expectCanvasShowsDisplay(
  page: Page,
  x: XDisplay,
  timeoutMs = PICTURE_TIMEOUT_MS,
): Promise<void> {
  await expect
    .poll(async () => differingShare(await canvasPicture(page), await screenshotX(x.display)), {
      timeout: timeoutMs,
      interval: 500,
    })
    .toBeLessThan(MAX_DIFFERING_SHARE)
}

/** The six-digit verification code the viewer shows, once it shows one. */
export async function viewerVerificationCode(page: Page): Promise<string> {
  const shown = page.getByTestId('verification-code')
  await shown.waitFor({ timeout: UI_TIMEOUT_MS })
  return (await shown.getAttribute('data-code')) ?? 'none on the viewer'
}

/** The verification code in the agent's own window (its consent page), without spaces. */
export async function agentVerificationCode(window: Page): Promise<string> {
  const shown = window.locator('#verification-code')
  await shown.waitFor({ timeout: UI_TIMEOUT_MS })
  return ((await shown.textContent()) ?? 'none in the agent').replace(/\s/g, '')
}

/**
 * The viewer already open on the page gets connected (接続されました in Japanese), shows a
 * verification code, and paints the display; returns the code.
 */
export async function expectViewerShowsScreen(page: Page, x: XDisplay): Promise<string> {
  const isJapanese = (await page.locator('html').getAttribute('lang')) === 'ja'
  await page
    .locator('[data-testid="viewer-state"][data-phase="active"]', {
      ...(isJapanese ? { hasText: '接続されました' } : {}),
    })
    .waitFor({ timeout: UI_TIMEOUT_MS })
  const code = await viewerVerificationCode(page)
  expect(code).toMatch(/^\d{6}$/)
  await expectCanvasShowsDisplay(page, x)
  return code
}

/**
 * The operator, logged in on `page`, opens the viewer of this session and sees the
 * customer's screen; returns the viewer's verification code.
 */
export async function expectOperatorSeesScreen(
  page: Page,
  serverUrl: string,
  sessionId: string,
  x: XDisplay,
): Promise<string> {
  await page.goto(`${serverUrl}/sessions/${encodeURIComponent(sessionId)}/view`)
  return expectViewerShowsScreen(page, x)
}

/** The session id behind a number in the console's sessions table (its 画面を見る link). */
export async function sessionIdInConsole(
  page: Page,
  serverUrl: string,
  code: string,
): Promise<string> {
  await page.goto(`${serverUrl}/sessions`)
  const link = page.locator(`tr[data-session-code="${code}"] a[href$="/view"]`)
  await link.waitFor({ timeout: UI_TIMEOUT_MS })
  const id = /\/sessions\/([^/]+)\/view$/.exec((await link.getAttribute('href')) ?? '')?.[1]
  if (id === undefined) throw new Error(`no viewer link for ${code} in the console`)
  return decodeURIComponent(id)
}

/** Waits until the viewer says the session was ended, and by whom. */
export async function waitForViewerEnd(page: Page, endedBy: 'customer' | 'operator') {
  await page
    .locator(`[data-testid="viewer-state"][data-ended-by="${endedBy}"]`)
    .waitFor({ timeout: UI_TIMEOUT_MS })
}
