/**
 * The customer's join page, end to end: the real server with the real Linux executable; a
 * Japanese Linux Chromium opens /join/<code>, sees the number and the steps, clicks the big
 * download button and gets tasuke-support-<code>, whose SHA-256 is the one the page shows.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { launchBrowser } from './support/browser.js'
import { setUpCompany } from './support/company.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { startServer, type TestServer } from './support/start-server.js'

/** The server prepares its copy on the first request (~40 s here for the 120 MB build). */
const PREPARE_TIMEOUT_MS = 150_000
const LINUX_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => {
        resolve(hash.digest('hex'))
      })
      .on('error', reject)
  })
}

describe('customer opens the join link and downloads the program', () => {
  let server: TestServer
  let browser: Browser
  let headers: Record<string, string>

  beforeAll(async () => {
    const buildsDir = await linuxAgentBuild()
    server = await startServer('sqlite', { AGENT_BUILDS_DIR: buildsDir })
    headers = { ...(await setUpCompany(server)).headers }
    browser = await launchBrowser()
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    await browser.close()
    await server.stop()
  })

  it(
    'shows the Japanese page with the number and serves tasuke-support-<code>',
    async () => {
      const created = await httpsCall(`${server.url}/api/v1/sessions`, {
        headers,
        body: { expiresInMinutes: 30 },
      })
      expect(created.status, created.text).toBe(201)
      const { code } = (jsonOf(created) as { session: { code: string } }).session

      const context = await browser.newContext({
        ignoreHTTPSErrors: true,
        locale: 'ja-JP',
        userAgent: LINUX_CHROME,
        acceptDownloads: true,
      })
      try {
        const page = await context.newPage()
        const answer = await page.goto(`${server.url}/join/${code}`, {
          timeout: PREPARE_TIMEOUT_MS,
        })
        expect(answer?.status()).toBe(200)
        expect(await page.locator('html').getAttribute('lang')).toBe('ja')
        await expect
          .poll(() => page.getByTestId('join-code').textContent())
          .toBe(`${code.slice(0, 4)} ${code.slice(4)}`)
        const steps = await page.getByTestId('join-steps').innerText()
        expect(steps).toContain('「承諾」をクリック')
        const button = page.getByTestId('join-download')
        expect(await button.innerText()).toBe('Linux (x86_64) 用プログラムをダウンロード')
        const shown = (await page.getByTestId('join-sha256').textContent()) ?? ''
        expect(shown).toMatch(/^[0-9a-f]{64}$/)

        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: PREPARE_TIMEOUT_MS }),
          button.click(),
        ])
        expect(download.suggestedFilename()).toBe(`tasuke-support-${code}`)
        const saved = await download.path()
        expect(await download.failure()).toBeNull()
        expect(await sha256Of(saved)).toBe(shown)
      } finally {
        await context.close()
      }
      expect(server.output()).not.toContain(code)
    },
    PREPARE_TIMEOUT_MS * 2,
  )
})
