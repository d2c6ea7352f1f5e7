/**
 * The widget does not break the host page (docs/customer-flows.md D), in Debian's Chromium:
 * the built script, on a page with hostile global CSS, renders inside its closed shadow root
 * with its own styles, leaves the page's elements and style sheets as they were, adds no
 * global, stays small, and fails quietly when its server is missing
 * (nothing reaches `window.onerror`).
 */
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { STORAGE_KEY } from './connection'
import { WIDGET_TEXT } from './i18n'
import { CHROMIUM_PATH, launchChromium } from '../shared/test-support/chromium'
import { installProbe } from './test-support/probe'
import { type ServedWidget, serveWidget, TENANT } from './test-support/serve-widget'

const TIMEOUT_MS = 90_000
/** docs/customer-flows.md says about 12 KB, 5 KB compressed; fail well before it doubles. */
const MAX_BYTES = 20_000
const MAX_GZIP_BYTES = 8_000

/** Computed styles the test compares, in a fixed order. */
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'padding-top',
  'border-top-width',
  'display',
  'position',
  'letter-spacing',
] as const

describe.skipIf(!existsSync(CHROMIUM_PATH))('widget on a hostile host page', () => {
  let browser: Browser
  let served: ServedWidget
  const pageErrors: Error[] = []
  const pages: Page[] = []

  beforeAll(async () => {
    served = await serveWidget()
    browser = await launchChromium()
  }, TIMEOUT_MS)

  afterAll(async () => {
    await browser.close()
    await served.close()
  }, TIMEOUT_MS)

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close()
    expect(pageErrors.splice(0)).toEqual([])
  })

  /** A fresh tab with the probe; `saved` is put in the tab's storage first, as the widget would. */
  async function openHostPage(saved?: Record<string, string>): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1000, height: 700 },
      locale: 'en-US',
    })
    const page = await context.newPage()
    pages.push(page)
    page.on('pageerror', (error) => pageErrors.push(error))
    await page.addInitScript(installProbe)
    if (saved !== undefined) {
      await page.addInitScript(
        ([key, value]) => {
          sessionStorage.setItem(key, value)
        },
        [STORAGE_KEY, JSON.stringify(saved)] as const,
      )
    }
    await page.goto(served.url)
    await page.waitForFunction(() => window.widgetProbe.roots.length > 0)
    return page
  }

  /** Computed styles of a host element, or of an element inside the widget's shadow root. */
  const stylesOf = (page: Page, where: { host: string } | { widget: string }) =>
    page.evaluate(
      ([target, properties]) => {
        const element =
          'host' in target
            ? document.querySelector(target.host)
            : (window.widgetProbe.roots[0]?.root.querySelector(target.widget) ?? null)
        if (element === null) return null
        const style = getComputedStyle(element)
        return Object.fromEntries(properties.map((name) => [name, style.getPropertyValue(name)]))
      },
      [where, STYLE_PROPERTIES] as const,
    )

  const widgetHandle = (page: Page, selector: string) =>
    page.evaluateHandle(
      (css) => window.widgetProbe.roots[0]?.root.querySelector<HTMLElement>(css) ?? null,
      selector,
    )

  const widgetText = (page: Page, selector: string) =>
    page.evaluate(
      (css) => window.widgetProbe.roots[0]?.root.querySelector(css)?.textContent ?? null,
      selector,
    )

  it(
    'is one small script that renders in a closed shadow root with its own styles',
    async () => {
      expect(served.script.byteLength).toBeLessThan(MAX_BYTES)
      expect(gzipSync(served.script).byteLength).toBeLessThan(MAX_GZIP_BYTES)

      const page = await openHostPage()
      const attached = await page.evaluate(() =>
        window.widgetProbe.roots.map((entry) => ({
          tag: entry.host.localName,
          mode: entry.mode,
          inBody: entry.host.parentElement === document.body,
          adopted: entry.root.adoptedStyleSheets.length,
        })),
      )
      expect(attached).toEqual([{ tag: 'tasuke-chat', mode: 'closed', inBody: true, adopted: 1 }])
      // Closed: the page cannot reach into it.
      expect(await page.evaluate(() => document.querySelector('tasuke-chat')?.shadowRoot)).toBe(
        null,
      )

      // The page's rules for `button`, `div` and `.launcher` do not reach the widget's button.
      const launcher = await stylesOf(page, { widget: '.launcher' })
      expect(launcher).toMatchObject({
        color: 'rgb(255, 255, 255)',
        'background-color': 'rgb(11, 107, 203)',
        display: 'inline-block',
        'padding-top': '12px',
        'border-top-width': '0px',
      })
      expect(await widgetText(page, '.launcher')).toBe(WIDGET_TEXT.en.open)
    },
    TIMEOUT_MS,
  )

  // The page's `* { all: unset }` matches the <tasuke-chat> element itself, and outer rules
  // beat the shadow root's `:host` rules unless those are `!important` (important
  // declarations of the shadow context win): without that the widget lost `position: fixed`
  // and took the page's font.
  it(
    "keeps its place and font when the page's `* { all: unset }` reaches its host element",
    async () => {
      const page = await openHostPage()
      const launcher = await stylesOf(page, { widget: '.launcher' })
      expect(launcher?.['font-family']).toContain('system-ui')
      expect(launcher?.['font-size']).toBe('14px')
      const box = await page.evaluate(() => {
        const rect = document.querySelector('tasuke-chat')?.getBoundingClientRect()
        return rect === undefined
          ? null
          : { right: innerWidth - rect.right, bottom: innerHeight - rect.bottom }
      })
      expect(box).toEqual({ right: 20, bottom: 20 })
    },
    TIMEOUT_MS,
  )

  it(
    "leaves the page's elements, style sheets and globals as they were",
    async () => {
      const page = await openHostPage()
      // The same host page without the widget, for comparison.
      const bare = await browser.newPage({ viewport: { width: 1000, height: 700 } })
      pages.push(bare)
      await bare.route('**/widget.js', (route) => route.fulfill({ status: 404, body: '' }))
      await bare.goto(served.url)
      for (const selector of ['#host-text', '#host-button', '#host-launcher', 'body']) {
        expect(await stylesOf(page, { host: selector }), selector).toEqual(
          await stylesOf(bare, { host: selector }),
        )
      }
      expect(await stylesOf(page, { host: '#host-button' })).toMatchObject({
        color: 'rgb(255, 0, 0)',
        'background-color': 'rgb(255, 255, 0)',
      })
      const sheets = () =>
        page.evaluate(() => ({
          sheets: document.styleSheets.length,
          adopted: document.adoptedStyleSheets.length,
          styles: document.querySelectorAll('style, link[rel=stylesheet]').length,
          added: [...document.body.children].map((child) => child.localName),
        }))
      expect(await sheets()).toEqual({
        sheets: 1,
        adopted: 0,
        styles: 1,
        added: ['p', 'button', 'div', 'script', 'tasuke-chat'],
      })
      // Opening the panel changes nothing outside the widget either.
      await (await widgetHandle(page, '.launcher')).asElement()?.click()
      expect(await stylesOf(page, { widget: '.panel' })).toMatchObject({ display: 'flex' })
      expect(await stylesOf(page, { host: '#host-launcher' })).toEqual(
        await stylesOf(bare, { host: '#host-launcher' }),
      )

      const added = await page.evaluate(() => {
        const before = new Set(window.widgetProbe.globalsBefore)
        return Object.getOwnPropertyNames(window).filter((name) => !before.has(name))
      })
      // docs/customer-flows.md D: "it defines no global variables".
      expect(added).toEqual([])
      expect(await page.evaluate(() => customElements.get('tasuke-chat'))).toBeUndefined()
      expect(await page.evaluate(() => window.widgetProbe.errors)).toEqual([])
    },
    TIMEOUT_MS,
  )

  it(
    'fails quietly when its server has no chat for it: a message in the widget, no error',
    async () => {
      const page = await openHostPage()
      await (await widgetHandle(page, '.launcher')).asElement()?.click()
      await (await widgetHandle(page, '.start input')).asElement()?.fill('Yamada')
      await (await widgetHandle(page, '.start button')).asElement()?.click()
      await page.waitForFunction(
        () => window.widgetProbe.roots[0]?.root.querySelector('.status')?.textContent !== '',
      )
      expect(await widgetText(page, '.status')).toBe(WIDGET_TEXT.en.failed)
      expect(await page.evaluate(() => window.widgetProbe.errors)).toEqual([])
    },
    TIMEOUT_MS,
  )

  it(
    'keeps retrying a saved chat in the background when the socket is refused, quietly',
    async () => {
      const page = await openHostPage({ tenant: TENANT, conversationId: 'c-1', customerToken: 'x' })
      await page.waitForFunction(
        () => window.widgetProbe.roots[0]?.root.querySelector('.status')?.textContent !== '',
      )
      expect(await widgetText(page, '.status')).toBe(WIDGET_TEXT.en.reconnecting)
      expect(await stylesOf(page, { widget: '.panel' })).toMatchObject({ display: 'flex' })
      // Two more attempts (0.5 s backoff doubling) without anything reaching the page.
      await page.waitForTimeout(3_000)
      expect(await page.evaluate(() => window.widgetProbe.errors)).toEqual([])
    },
    TIMEOUT_MS,
  )
})
