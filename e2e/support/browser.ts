/** Debian's Chromium driven by playwright-core, with a fresh profile per context. */
import { type Browser, type BrowserContext, chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** A fresh context (cookies, storage) that accepts the test server's self-signed certificate. */
export function newContext(browser: Browser, locale: string): Promise<BrowserContext> {
  return browser.newContext({
    ignoreHTTPSErrors: true,
    locale,
    timezoneId: locale.startsWith('ja') ? 'Asia/Tokyo' : 'Europe/London',
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
  })
}
