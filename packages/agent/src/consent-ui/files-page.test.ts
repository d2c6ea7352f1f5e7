/**
 * The file-transfer part of the consent window in a real browser (Debian's Chromium driven by
 * playwright-core): transfers with progress and 中止, the browsing question (許可する / 拒否)
 * and its switch, and the picker in which the customer offers files from their own folders.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { listFolder } from '../file-transfer/folder-listing.js'
import { waitFor } from '../test-support/wait-for.js'
import type { ConsentView, CustomerAction, FilesView } from './consent-state.js'
import type { Language } from './page-texts.js'
import { type ConsentUi, startConsentUi } from './server.js'
import { launchChromium } from '../test-support/chromium.js'

const FILES: FilesView = {
  transfers: [
    {
      transferId: 3,
      direction: 'to-customer',
      name: '見積書.pdf',
      size: 10_000_000,
      bytesDone: 4_200_000,
      bytesPerSecond: 1_500_000,
      secondsLeft: 4,
      state: 'running',
    },
    {
      transferId: 4,
      direction: 'from-customer',
      name: 'log.txt',
      size: 100,
      bytesDone: 100,
      bytesPerSecond: 0,
      secondsLeft: null,
      state: 'completed',
    },
  ],
  browse: 'asking',
  offers: [{ offerId: 'offer_1', name: '設定.ini', size: 2048 }],
}

function connected(files: FilesView): ConsentView {
  return {
    type: 'connected',
    operatorName: '佐藤 花子',
    verificationCode: '482 913',
    activity: 'transferring-file',
    controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
    files,
  }
}

/** A GET of the picker's endpoint with the given headers: the status. */
function getStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('file transfer in the consent page (Chromium)', { timeout: 60_000 }, () => {
  let browser: Browser
  let context: BrowserContext | undefined
  let ui: ConsentUi | undefined
  let actions: CustomerAction[]
  let problems: string[]
  let sandbox: string

  beforeAll(async () => {
    browser = await launchChromium()
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-picker-'))
    await mkdir(join(sandbox, 'フォルダー'))
    await writeFile(join(sandbox, 'フォルダー', 'report.txt'), 'hello')
  }, 60_000)
  afterAll(async () => {
    await browser.close()
    await rm(sandbox, { recursive: true, force: true })
  })
  afterEach(async () => {
    await context?.close()
    await ui?.close()
    context = undefined
    ui = undefined
  })

  async function open(language: Language, initial: ConsentView): Promise<Page> {
    ui = await startConsentUi({
      language,
      initial,
      openBrowser: false,
      listFolder: (path) => listFolder(path, sandbox),
    })
    actions = []
    problems = []
    ui.onAction((action) => actions.push(action))
    context = await browser.newContext({ locale: language === 'ja' ? 'ja-JP' : 'en-GB' })
    const page = await context.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    await page.goto(ui.url)
    return page
  }

  const textOf = async (page: Page, selector: string) => {
    await page.locator(selector).waitFor()
    return (await page.locator(selector).textContent()) ?? ''
  }

  it('[T5][T7] shows each transfer with progress and 中止, and asks about browsing (許可する / 拒否)', async () => {
    const page = await open('ja', connected(FILES))
    await page.locator('#files').waitFor()
    expect(await textOf(page, '#activity')).toContain('ファイルを転送しています')
    const running = await textOf(page, '#transfer-3')
    expect(running).toContain('オペレーターから受信')
    expect(running).toContain('見積書.pdf')
    expect(running).toContain('42%')
    expect(running).toContain('1.5 MB/秒')
    expect(running).toContain('残り約4秒')
    expect(
      await page
        .locator('#transfer-3 progress')
        .evaluate((bar) => (bar as HTMLProgressElement).value),
    ).toBe(42)
    expect(await textOf(page, '#transfer-4')).toContain('完了')
    expect(await page.locator('#cancel-4').count()).toBe(0)
    expect(await textOf(page, '#browse-question')).toContain('ファイルとフォルダーの一覧')

    await page.getByRole('button', { name: '中止' }).click()
    await waitFor('the cancel', () => (actions.length === 1 ? true : undefined))
    expect(actions).toEqual([{ type: 'cancel-transfer', transferId: 3 }])
    await page.getByRole('button', { name: '許可する' }).click()
    await waitFor('the answer', () => (actions.length === 2 ? true : undefined))
    expect(actions[1]).toEqual({ type: 'set-file-browsing', allowed: true })
    // The switch takes the permission back.
    const browseSwitch = page.getByRole('switch', {
      name: 'オペレーターによるファイルの閲覧を許可する',
    })
    expect(await browseSwitch.getAttribute('aria-checked')).toBe('true')
    await browseSwitch.click()
    await waitFor('the change of mind', () => (actions.length === 3 ? true : undefined))
    expect(actions[2]).toEqual({ type: 'set-file-browsing', allowed: false })
    await page.locator('#browse-switch[aria-checked="false"]').waitFor()

    await page.getByRole('button', { name: 'English' }).click()
    expect(await textOf(page, '#transfer-3')).toContain('From the operator')
    expect(await page.locator('#cancel-3').textContent()).toBe('Stop')
    expect(problems).toEqual([])
  })

  it('[T8] shows why a file given to the operator failed, in Japanese and in English', async () => {
    const failed: FilesView = {
      ...FILES,
      browse: 'not-asked',
      transfers: [
        {
          transferId: 9,
          direction: 'from-customer',
          name: '消えた.txt',
          size: 0,
          bytesDone: 0,
          bytesPerSecond: 0,
          secondsLeft: null,
          state: 'failed',
          problem: 'not-found',
        },
      ],
    }
    const page = await open('ja', connected(failed))
    const line = await textOf(page, '#transfer-9')
    expect(line).toContain('オペレーターへ送信')
    expect(line).toContain('消えた.txt')
    expect(line).toContain('0% · 失敗しました')
    expect(await textOf(page, '#transfer-9 .transfer-problem')).toBe(
      'ファイルが見つかりません。移動または削除された可能性があります。',
    )
    await context?.close()
    await ui?.close()
    const english = await open('en', connected(failed))
    expect(await textOf(english, '#transfer-9 .transfer-problem')).toBe(
      'The file was not found. It may have been moved or deleted.',
    )
    expect(problems).toEqual([])
  })

  it('[T8] lets the customer walk their folders, offer a file and take the offer back', async () => {
    const page = await open('en', connected({ ...FILES, browse: 'not-asked' }))
    await page.locator('#files').waitFor()
    expect(await page.locator('#browse-question').count()).toBe(0)
    expect(await textOf(page, '#offers')).toContain('設定.ini')
    await page.getByRole('button', { name: 'Choose a file to give…' }).click()
    await page.locator('#picker-path', { hasText: sandbox }).waitFor()
    await page.getByRole('button', { name: /フォルダー/ }).click()
    await page.locator('#picker-path', { hasText: join(sandbox, 'フォルダー') }).waitFor()
    expect(await textOf(page, '#picker-list')).toContain('report.txt')
    await page.getByRole('button', { name: 'Give' }).click()
    await waitFor('the offer', () => (actions.length === 1 ? true : undefined))
    expect(actions[0]).toEqual({
      type: 'offer-file',
      path: join(sandbox, 'フォルダー', 'report.txt'),
    })
    await page.getByRole('button', { name: 'Up one folder' }).click()
    await page.locator('#picker-path', { hasText: new RegExp(`${sandbox}$`) }).waitFor()
    await page.getByRole('button', { name: 'Remove' }).click()
    await waitFor('the removal', () => (actions.length === 2 ? true : undefined))
    expect(actions[1]).toEqual({ type: 'remove-offer', offerId: 'offer_1' })
    await page.getByRole('button', { name: 'Close' }).click()
    await page.locator('#picker').waitFor({ state: 'detached' })
    expect(problems).toEqual([])
  })

  it('[T8] serves the picker only to the page, and only while connected with file transfer', async () => {
    ui = await startConsentUi({
      language: 'ja',
      initial: { type: 'connecting' },
      openBrowser: false,
      listFolder: (path) => listFolder(path, sandbox),
    })
    const files = `${ui.url}files?path=`
    expect(await getStatus(files)).toBe(404)
    ui.update(connected(FILES))
    expect(await getStatus(files)).toBe(200)
    expect(await getStatus(`${files}${encodeURIComponent(join(sandbox, 'missing'))}`)).toBe(404)
    expect(await getStatus(files, { 'sec-fetch-site': 'cross-site' })).toBe(403)
    expect(await getStatus(files.replace(/\/[^/]+\/files/, '/wrong-token/files'))).toBe(404)
    expect(await getStatus(`${files}${'a'.repeat(5000)}`)).toBe(400)
  })
})
