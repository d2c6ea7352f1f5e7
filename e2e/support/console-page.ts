/** What the console end-to-end test does with a page: watch it, wait for rows, screenshots. */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

import type { Page } from 'playwright-core'

import { REPO_ROOT } from './start-server.js'

export const UI_TIMEOUT_MS = 15_000

/** Screenshots for the docs are taken only when asked for, so CI never rewrites them. */
export const TAKES_SCREENSHOTS = process.env['TASUKE_SCREENSHOTS'] === '1'
const IMAGES_DIR = join(REPO_ROOT, 'docs/images')

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!TAKES_SCREENSHOTS) return
  await mkdir(IMAGES_DIR, { recursive: true })
  // Let fonts and the last poll settle so the picture is what a person sees.
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: join(IMAGES_DIR, name), fullPage: true })
}

/**
 * Collects what must never happen in the console: uncaught exceptions and content blocked
 * by the CSP. (Failed requests are expected: 401 from /auth/me before log-in, for one.)
 */
export function watchForProblems(page: Page): () => readonly string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    const text = message.text()
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(text)) {
      problems.push(`console: ${text}`)
    }
  })
  return () => problems
}

/** The sessions table row of a number, once it shows the given state. */
export async function waitForSessionState(page: Page, code: string, state: string): Promise<void> {
  await page
    .locator(`tr[data-session-code="${code}"][data-state="${state}"]`)
    .waitFor({ timeout: UI_TIMEOUT_MS })
}

export async function logIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`)
  await page.locator('#login-email').fill(email)
  await page.locator('#login-password').fill(password)
  await page.locator('form button[type="submit"]').click()
  await page.waitForURL('**/sessions', { timeout: UI_TIMEOUT_MS })
}

export async function switchLanguage(page: Page, language: 'ja' | 'en'): Promise<void> {
  await page.getByTestId('language-switch').first().selectOption(language)
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language)
}
