/**
 * The operator's clipboard read when the viewer gains focus (DESIGN.md lesson 9, SPEC.md P9),
 * through the real `ConsoleSession` in Chromium: with the clipboard permission granted, the
 * text goes sealed to the agent (played here in Node with the protocol package) once, and
 * again only when it changed, never while the customer does not share; with it refused, the
 * session marks the clipboard as unreadable, which the panel shows with its fallback.
 */
import { existsSync } from 'node:fs'

import { type ConsoleToAgent, FrameKind, decodeFrameHeader } from '@tasuke/protocol'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CHROMIUM_PATH, launchChromium } from '../../shared/test-support/chromium'
import { type FakeRelay, type RelayLink, startFakeRelay } from '../test-support/fake-relay'
import { type ServedPage, servePage } from '../test-support/serve-page'
import { type TestAgent, startTestAgent } from '../test-support/test-agent'

const TIMEOUT_MS = 60_000
const OS = { platform: 'linux', release: '6.1', arch: 'x64' }

describe.skipIf(!existsSync(CHROMIUM_PATH))(
  'the operator’s clipboard on focus, in Chromium',
  { timeout: TIMEOUT_MS },
  () => {
    let browser: Browser
    let served: ServedPage
    let relay: FakeRelay
    const pageErrors: Error[] = []

    /** A page in a fresh context (with `permissions`), its session secured with a test agent. */
    async function connectedPage(permissions: string[]) {
      const context = await browser.newContext()
      await context.grantPermissions(permissions, { origin: new URL(served.url).origin })
      const page = await context.newPage()
      page.on('pageerror', (error) => pageErrors.push(error))
      await page.goto(`${served.url}?ws=${encodeURIComponent(relay.url)}`)
      await page.waitForFunction(() => 'clipboardTest' in window)
      const link = await relay.nextConsole()
      const agent = await startTestAgent()
      link.sendJson({ type: 'peer-joined', os: OS })
      link.sendFrame(agent.commitFrame)
      const hello = await link.nextFrame(
        (frame) => decodeFrameHeader(frame).kind === FrameKind.Handshake,
      )
      link.sendFrame(await agent.answer(hello))
      await page.waitForFunction(() => window.clipboardTest.phase() === 'active')
      return { page, link, agent }
    }

    /** The next `clipboard-text` the console sends. */
    async function nextClipboardText(link: RelayLink, agent: TestAgent): Promise<string> {
      const found: { text?: string } = {}
      await link.nextFrame(async (frame) => {
        const message: ConsoleToAgent = await agent.open(frame)
        if (message.type !== 'clipboard-text') return false
        found.text = message.text
        return true
      })
      if (found.text === undefined) throw new Error('no clipboard text')
      return found.text
    }

    /** The viewer loses and gains focus (a click on the screen focuses its keyboard target). */
    async function refocus(page: Page): Promise<void> {
      await page.locator('#keys').evaluate((keys) => {
        keys.blur()
      })
      await page.locator('#keys').focus()
    }

    const copyOnOperatorSide = (page: Page, text: string) =>
      page.evaluate((value) => navigator.clipboard.writeText(value), text)

    beforeAll(async () => {
      ;[served, relay] = await Promise.all([
        servePage('../clipboard/test-support/clipboard-page.ts'),
        startFakeRelay(),
      ])
      browser = await launchChromium()
    }, TIMEOUT_MS)

    afterAll(async () => {
      await browser.close()
      await Promise.all([served.close(), relay.close()])
      expect(pageErrors).toEqual([])
    }, TIMEOUT_MS)

    it('[P9] sends the operator’s clipboard on focus, again only when it changed, never while not shared', async () => {
      const { page, link, agent } = await connectedPage(['clipboard-read', 'clipboard-write'])
      await copyOnOperatorSide(page, '注文番号 A-1234')
      await refocus(page)
      expect(await nextClipboardText(link, agent)).toBe('注文番号 A-1234')

      // Unchanged: focusing again sends nothing, so the next text the agent gets is the new one.
      await refocus(page)
      await page.evaluate(() => window.dispatchEvent(new Event('focus')))
      await copyOnOperatorSide(page, 'second copy')
      await page.evaluate(() => window.dispatchEvent(new Event('focus')))
      expect(await nextClipboardText(link, agent)).toBe('second copy')

      // The customer stops sharing: nothing is read or sent on focus.
      link.sendFrame(await agent.sealMessage({ type: 'clipboard-sharing', isOn: false }))
      await page.waitForFunction(() => !window.clipboardTest.state().isShared)
      await copyOnOperatorSide(page, 'while not shared')
      await refocus(page)
      await new Promise((resolve) => setTimeout(resolve, 300))
      link.sendFrame(await agent.sealMessage({ type: 'clipboard-sharing', isOn: true }))
      await page.waitForFunction(() => window.clipboardTest.state().isShared)
      await copyOnOperatorSide(page, 'shared again')
      await refocus(page)
      expect(await nextClipboardText(link, agent)).toBe('shared again')
      expect(await page.evaluate(() => window.clipboardTest.state().isReadRefused)).toBe(false)
      await page.context().close()
    })

    it('[P9] marks the clipboard as unreadable when the browser refuses, for the panel to say so', async () => {
      const { page } = await connectedPage([])
      const refused = await page.evaluate(() =>
        navigator.clipboard.readText().then(
          () => false,
          () => true,
        ),
      )
      expect(refused).toBe(true)
      await refocus(page)
      await page.waitForFunction(() => window.clipboardTest.state().isReadRefused)
      await page.context().close()
    })
  },
)
