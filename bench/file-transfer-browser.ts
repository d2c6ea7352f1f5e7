/**
 * File-transfer bench from the operator's browser (DESIGN.md lesson 10): the operator in
 * headless Chromium uses the viewer's ファイル転送 panel, through the built server's relay,
 * with the real agent (its build output, on an Xvfb display, saving with `--receive-dir`).
 * It sends a 1 GiB file to the customer (read from disk by the page, hashed and sealed there)
 * and downloads a 256 MiB file the customer offers in the agent's window (the page keeps a
 * fetched file in memory until it is verified, so that direction uses a smaller file). Prints
 * MB/s for both directions. Run alone with `npx tsx bench/file-transfer-browser.ts` (after
 * `npm run build`), or as part of `npm run bench`.
 */
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, Page } from 'playwright-core'

import type { AgentProcess } from '../e2e/support/agent-process.js'
import { launchBrowser, newContext } from '../e2e/support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from '../e2e/support/company.js'
import { logIn } from '../e2e/support/console-page.js'
import { customerAccepts } from '../e2e/support/customer-accepts.js'
import { startServer, type TestServer } from '../e2e/support/start-server.js'
import { startXDisplay, type XDisplay } from '../e2e/support/x-display.js'
import { runAsScript } from './run-as-script.js'

const PASSWORD = 'correct horse battery staple'
/** Sent from the operator's page to the customer. */
const TO_CUSTOMER_BYTES = 1024 ** 3
/** Offered by the customer and downloaded by the operator's page. */
const FROM_CUSTOMER_BYTES = 256 * 1024 ** 2
const TRANSFER_TIMEOUT_MS = 200_000

export interface BrowserTransferFigures {
  readonly toCustomer: { readonly megabytes: number; readonly seconds: number }
  readonly fromCustomer: { readonly megabytes: number; readonly seconds: number }
}

/** A sparse file of `size` bytes with a few marked bytes, costing no disk space to make. */
async function sparseFile(path: string, size: number): Promise<void> {
  await writeFile(path, '')
  await truncate(path, size)
  const marks = await open(path, 'r+')
  for (const at of [0, size / 2, size - 8]) await marks.write('tasuke!!', at)
  await marks.close()
}

const row = (page: Page, name: string, phase: string) =>
  page.locator(`[data-testid="file-transfer"][data-name="${name}"][data-phase="${phase}"]`)

/** Measures both directions in an accepted session; every temporary file is deleted after. */
export async function measureBrowserFileTransfer(
  server: TestServer,
  admin: AdminApi,
  x: XDisplay,
  browser: Browser,
): Promise<BrowserTransferFigures> {
  const folder = await mkdtemp(join(tmpdir(), 'tasuke-bench-browser-files-'))
  let agent: AgentProcess | null = null
  try {
    const inbox = join(folder, 'inbox')
    const home = join(folder, 'home')
    await mkdir(home)
    const toCustomer = join(folder, 'to-customer.bin')
    await sparseFile(toCustomer, TO_CUSTOMER_BYTES)
    const fromCustomerName = 'from-customer.bin'
    await sparseFile(join(home, fromCustomerName), FROM_CUSTOMER_BYTES)

    const operator = await (await newContext(browser, 'ja-JP')).newPage()
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    const customer = await customerAccepts(
      browser,
      server,
      session.code,
      x,
      undefined,
      ['--receive-dir', inbox],
      { HOME: home },
    )
    agent = customer.agent
    await operator.goto(`${server.url}/sessions/${encodeURIComponent(session.id)}/view`)
    await operator
      .locator('[data-testid="viewer-state"][data-phase="active"]')
      .waitFor({ timeout: 30_000 })
    await operator.getByRole('button', { name: 'ファイル転送' }).click()
    await operator.getByTestId('file-transfer-panel').waitFor({ timeout: 15_000 })

    let began = performance.now()
    await operator.getByTestId('file-send-files').setInputFiles(toCustomer)
    await row(operator, 'to-customer.bin', 'completed').waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    const toSeconds = (performance.now() - began) / 1000
    const saved = await stat(join(inbox, 'to-customer.bin'))
    if (saved.size !== TO_CUSTOMER_BYTES) throw new Error(`the agent saved ${saved.size} bytes`)

    const window = customer.window
    await window.getByRole('button', { name: 'ファイルを選んで渡す…' }).click()
    await window
      .locator('#picker-list li', { hasText: fromCustomerName })
      .getByRole('button', { name: '渡す' })
      .click()
    await window.locator('#picker-close').click()
    const offer = operator.getByTestId('file-offers').locator('li', { hasText: fromCustomerName })
    await offer.waitFor({ timeout: 15_000 })
    const downloading = operator.waitForEvent('download', { timeout: TRANSFER_TIMEOUT_MS })
    began = performance.now()
    await offer.getByRole('button', { name: 'ダウンロード' }).click()
    const download = await downloading
    const fromSeconds = (performance.now() - began) / 1000
    const fetched = await readFile(await download.path())
    const expected = await readFile(join(home, fromCustomerName))
    const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
    if (digest(fetched) !== digest(expected)) throw new Error('the download differs')
    await download.delete()
    await operator.context().close()
    return {
      toCustomer: { megabytes: TO_CUSTOMER_BYTES / 1e6, seconds: toSeconds },
      fromCustomer: { megabytes: FROM_CUSTOMER_BYTES / 1e6, seconds: fromSeconds },
    }
  } finally {
    agent?.kill()
    await rm(folder, { recursive: true, force: true })
  }
}

export function formatBrowserFileTransfer(figures: BrowserTransferFigures): string {
  const line = (part: { megabytes: number; seconds: number }) =>
    `${(part.megabytes / 1000).toFixed(2)} GB in ${part.seconds.toFixed(1)} s = ` +
    `${(part.megabytes / part.seconds).toFixed(0)} MB/s`
  return (
    `file transfer in the operator's browser: to the customer ${line(figures.toCustomer)} · ` +
    `from the customer ${line(figures.fromCustomer)} (SHA-256 included, through the relay)`
  )
}

async function main(): Promise<void> {
  const x = await startXDisplay(640, 480)
  const server = await startServer('sqlite')
  const browser = await launchBrowser()
  try {
    const admin = await setUpCompany(server)
    process.stdout.write('file transfer in the browser: 1 GiB to and 256 MiB from the agent…\n')
    const figures = await measureBrowserFileTransfer(server, admin, x, browser)
    process.stdout.write(`${formatBrowserFileTransfer(figures)}\n`)
  } finally {
    await browser.close()
    await server.stop()
    await x.stop()
  }
}

runAsScript(import.meta.url, main)
