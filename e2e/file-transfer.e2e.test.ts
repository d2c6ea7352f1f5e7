/**
 * File transfer end to end (DESIGN.md S14, SPEC.md T1–T8), real parts only: an Xvfb display,
 * the built server, the customer's Linux executable with its own receiving folder, and the
 * operator in Chromium using the viewer's ファイル転送 panel. Files with Japanese names arrive
 * whole (same SHA-256), a clashing name is saved beside the original, hostile names are
 * refused by the page and by the agent, a cancelled transfer leaves nothing behind, and the
 * files' content never reaches the server's database or data folder.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { AgentToConsole, MessageOf } from '@tasuke/protocol'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import type { AgentProcess } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, screenshot, watchForProblems } from './support/console-page.js'
import { connectConsolePeer } from './support/console-peer.js'
import { customerAccepts } from './support/customer-accepts.js'
import { expectOperatorSeesScreen } from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { type TcpProxy, startTcpProxy } from './support/tcp-proxy.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'
/** Contained in every file sent, so the server's files can be searched for it. */
const MARKER = `TASUKE-FILE-MARKER-${randomBytes(12).toString('hex')}`
const BIG_NAME = '見積書 2026年.bin'
const TRANSFER_TIMEOUT_MS = 120_000

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const sha256Of = async (path: string) => sha256(await readFile(path))

/** Random bytes with the marker at the start, in the middle and at the end. */
function markedContent(size: number): Buffer {
  const bytes = randomBytes(size)
  const marker = Buffer.from(MARKER)
  for (const at of [0, Math.floor(size / 2), size - marker.length]) marker.copy(bytes, at)
  return bytes
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** Records in the page every phase each transfer row shows, as `name:phase`. */
async function recordPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = []
    Object.assign(window, { phasesSeen: seen })
    new MutationObserver(() => {
      for (const node of document.querySelectorAll('[data-testid="file-transfer"]')) {
        const entry = `${node.getAttribute('data-name') ?? ''}:${node.getAttribute('data-phase') ?? ''}`
        if (!seen.includes(entry)) seen.push(entry)
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true })
  })
}

const phasesSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { phasesSeen: string[] }).phasesSeen)

const row = (page: Page, name: string, phase?: string) =>
  page.locator(
    `[data-testid="file-transfer"][data-name="${name}"]${phase === undefined ? '' : `[data-phase="${phase}"]`}`,
  )

describe('file transfer between operator and customer', () => {
  let x: XDisplay
  let workDir: string
  let receiveDir: string
  /** The customer's home folder (what the agent's picker and browsing start from). */
  let customerHome: string
  let sourceDir: string
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let sessionId: string
  let problems: () => readonly string[]
  let executable: string
  let connecting: Promise<void> | null = null
  /** The customer's network: the agent reaches the server through it, so a test can cut it. */
  let proxy: TcpProxy
  let customerWindow: Page
  const agents: AgentProcess[] = []

  /** The customer accepts with its own receiving folder; the operator opens the panel (once). */
  const connected = () => {
    connecting ??= (async () => {
      const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
        session: { id: string; code: string }
      }
      sessionId = session.id
      const { agent, window } = await customerAccepts(
        browser,
        server,
        session.code,
        x,
        executable,
        ['--server', proxy.url, '--receive-dir', receiveDir],
        { HOME: customerHome },
      )
      agents.push(agent)
      customerWindow = window
      await expectOperatorSeesScreen(operator, server.url, session.id, x)
      await operator.getByRole('button', { name: 'ファイル転送' }).click()
      await operator.getByTestId('file-transfer-panel').waitFor({ timeout: UI_TIMEOUT_MS })
      await recordPhases(operator)
    })()
    return connecting
  }

  beforeAll(async () => {
    executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    x = await startXDisplay(1024, 768)
    workDir = await mkdtemp(join(tmpdir(), 'tasuke-file-transfer-'))
    receiveDir = join(workDir, '受信')
    sourceDir = join(workDir, 'operator')
    customerHome = join(workDir, 'customer-home')
    await mkdir(sourceDir)
    await mkdir(join(customerHome, 'Documents'), { recursive: true })
    server = await startServer('sqlite')
    proxy = await startTcpProxy(new URL(server.url))
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    await operator.setViewportSize({ width: 1400, height: 1100 })
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    await (browser as Browser | undefined)?.close()
    await (proxy as TcpProxy | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    if ((workDir as string | undefined) !== undefined) {
      await rm(workDir, { recursive: true, force: true })
    }
  })

  it('[T1][T3][T4] sends a 20 MB file with a Japanese name: same SHA-256 in the receiving folder, progress shown', async () => {
    await connected()
    const content = markedContent(20 * 1024 * 1024)
    const source = join(sourceDir, BIG_NAME)
    await writeFile(source, content)
    // Every percentage the panel shows, recorded in the page as it changes.
    await operator.evaluate(() => {
      const seen: string[] = []
      Object.assign(window, { percentsSeen: seen })
      new MutationObserver(() => {
        for (const node of document.querySelectorAll('[data-testid="file-transfer-percent"]')) {
          seen.push(node.textContent)
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })

    const started = performance.now()
    await operator.getByTestId('file-send-files').setInputFiles(source)
    await row(operator, BIG_NAME, 'completed').waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    const seconds = (performance.now() - started) / 1000
    console.log(
      `[file-transfer] 20 MiB to the customer in ${seconds.toFixed(2)} s (${(20 / seconds).toFixed(1)} MiB/s, hash included)`,
    )
    await screenshot(operator, 'viewer-file-transfer.png')

    expect(await row(operator, BIG_NAME).getByTestId('file-transfer-state').textContent()).toBe(
      '完了 · 20.0 MB',
    )
    const percents = await operator.evaluate(
      () => (window as unknown as { percentsSeen: string[] }).percentsSeen,
    )
    const values = percents.map((text) => Number(/(\d+)%/.exec(text)?.[1] ?? 'NaN'))
    expect(
      values.some((value) => value < 100),
      percents.join(' | '),
    ).toBe(true)
    expect(await sha256Of(join(receiveDir, BIG_NAME))).toBe(sha256(content))
  })

  it('[T6] saves a clashing name as "name (1).ext" and leaves the original untouched', async () => {
    await connected()
    const original = await sha256Of(join(receiveDir, BIG_NAME))
    const otherDir = join(workDir, 'operator-2')
    await mkdir(otherDir)
    const content = markedContent(300_000)
    await writeFile(join(otherDir, BIG_NAME), content)
    await operator.getByTestId('file-send-files').setInputFiles(join(otherDir, BIG_NAME))

    const clashName = '見積書 2026年 (1).bin'
    const second = operator
      .locator(`[data-testid="file-transfer"][data-name="${BIG_NAME}"][data-phase="completed"]`)
      .nth(1)
    await second.waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    expect(await second.getByTestId('file-transfer-state').textContent()).toContain(
      `${clashName} として保存`,
    )
    expect(await sha256Of(join(receiveDir, clashName))).toBe(sha256(content))
    expect(await sha256Of(join(receiveDir, BIG_NAME))).toBe(original)
  })

  it('[T1] sends a whole folder, one file at a time, keeping its sub-folders', async () => {
    await connected()
    const folder = join(workDir, 'operator-folder', 'プロジェクト')
    const files = {
      'README.txt': markedContent(1000),
      '図面/平面図.pdf': markedContent(700_000),
      '図面/詳細/断面.dxf': markedContent(100),
    }
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(folder, path, '..'), { recursive: true })
      await writeFile(join(folder, path), content)
    }
    await operator.getByTestId('file-send-folder').setInputFiles(folder)
    for (const path of Object.keys(files)) {
      await row(operator, `プロジェクト/${path}`, 'completed').waitFor({
        timeout: TRANSFER_TIMEOUT_MS,
      })
    }
    for (const [path, content] of Object.entries(files)) {
      expect(await sha256Of(join(receiveDir, 'プロジェクト', path))).toBe(sha256(content))
    }
  })

  it('[T1] takes files dropped on the panel', async () => {
    await connected()
    const name = 'ドロップ.txt'
    const text = `dropped ${MARKER}`
    const dataTransfer = await operator.evaluateHandle(
      ([fileName, content]) => {
        const transfer = new DataTransfer()
        transfer.items.add(new File([content], fileName, { type: 'text/plain' }))
        return transfer
      },
      [name, text] as const,
    )
    const area = operator.getByTestId('file-send')
    await area.dispatchEvent('dragover', { dataTransfer })
    await area.dispatchEvent('drop', { dataTransfer })
    await row(operator, name, 'completed').waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    expect(await readFile(join(receiveDir, name), 'utf8')).toBe(text)
  })

  it('[T5] continues where it stopped after the customer’s network drops, under the same name', async () => {
    await connected()
    const name = 'resume-テスト.bin'
    // Every 4 KiB block starts with its number, so a piece in the wrong place changes the hash.
    const content = markedContent(160 * 1024 * 1024)
    for (let block = 0; block * 4096 < content.length; block += 1) {
      content.writeUInt32BE(block, block * 4096 + 64)
    }
    await writeFile(join(sourceDir, name), content)
    await operator.getByTestId('file-send-files').setInputFiles(join(sourceDir, name))
    const percent = row(operator, name).getByTestId('file-transfer-percent')
    await expect
      .poll(
        async () =>
          Number(/(\d+)%/.exec((await percent.textContent().catch(() => '')) ?? '')?.[1] ?? 0),
        {
          timeout: TRANSFER_TIMEOUT_MS,
          interval: 50,
        },
      )
      .toBeGreaterThanOrEqual(5)
    expect(proxy.cutAll()).toBeGreaterThan(0)
    await row(operator, name, 'completed').waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    expect(await sha256Of(join(receiveDir, name))).toBe(sha256(content))
    expect(await phasesSeen(operator)).toContain(`${name}:waiting-for-link`)
    // Resumed, not started again: no second copy, no partial file left.
    const names = (await readdir(receiveDir)).filter((entry) => entry.includes('resume'))
    expect(names).toEqual([name])
    await rm(join(sourceDir, name))
  })

  it('[T6] refuses hostile names in the page with a clear message, and sends nothing', async () => {
    await connected()
    const before = await filesUnder(workDir)
    await operator.getByTestId('file-send-files').setInputFiles([
      { name: 'CON.txt', mimeType: 'text/plain', buffer: Buffer.from(MARKER) },
      { name: 'trailing.', mimeType: 'text/plain', buffer: Buffer.from(MARKER) },
    ])
    const refused = operator.getByTestId('file-send-refused')
    await refused.waitFor({ timeout: UI_TIMEOUT_MS })
    const text = (await refused.textContent()) ?? ''
    expect(text).toContain('送信できません: CON.txt（Windows の予約名です')
    expect(text).toContain('送信できません: trailing.（名前の末尾がピリオドまたは空白です）')
    expect(await row(operator, 'CON.txt').count()).toBe(0)
    expect(await filesUnder(workDir)).toEqual(before)
  })

  it('[T5] a cancel from the operator deletes the partial file on the customer’s side', async () => {
    await connected()
    const before = await filesUnder(receiveDir)
    // Sparse: big enough to cancel half-way, instant to create.
    const source = join(sourceDir, 'large.iso')
    await writeFile(source, MARKER)
    await truncate(source, 2 * 1024 ** 3)
    await operator.getByTestId('file-send-files').setInputFiles(source)
    await row(operator, 'large.iso', 'moving').waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    // The partial file exists on the customer's side before the cancel…
    await expect
      .poll(async () => (await filesUnder(receiveDir)).length, { timeout: UI_TIMEOUT_MS })
      .toBe(before.length + 1)
    await row(operator, 'large.iso').getByTestId('file-transfer-cancel').click()
    await row(operator, 'large.iso', 'cancelled').waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await row(operator, 'large.iso').getByTestId('file-transfer-state').textContent()).toBe(
      'キャンセルしました',
    )
    // …and is gone after it.
    await expect.poll(() => filesUnder(receiveDir), { timeout: UI_TIMEOUT_MS }).toEqual(before)
  })

  it('[T5] a stop from the customer ends the transfer, and the operator sees who stopped it', async () => {
    await connected()
    const before = await filesUnder(receiveDir)
    const source = join(sourceDir, 'stopped.iso')
    await writeFile(source, MARKER)
    await truncate(source, 2 * 1024 ** 3)
    await operator.getByTestId('file-send-files').setInputFiles(source)
    const moving = row(operator, 'stopped.iso', 'moving')
    await moving.waitFor({ timeout: TRANSFER_TIMEOUT_MS })
    const id = await moving.getAttribute('data-transfer-id')
    await customerWindow
      .locator(`#transfer-${id ?? 'none'}`)
      .getByRole('button', { name: '中止' })
      .click()
    await row(operator, 'stopped.iso', 'cancelled').waitFor({ timeout: UI_TIMEOUT_MS })
    expect(
      await row(operator, 'stopped.iso').getByTestId('file-transfer-state').textContent(),
    ).toBe('お客様がキャンセルしました')
    await expect.poll(() => filesUnder(receiveDir), { timeout: UI_TIMEOUT_MS }).toEqual(before)
  })

  it('[T8][T4] the customer offers a file in the agent’s window and the operator downloads it', async () => {
    await connected()
    const name = 'ログ 2026.txt'
    const content = markedContent(20 * 1024 * 1024 + 17)
    await writeFile(join(customerHome, name), content)

    await customerWindow.getByRole('button', { name: 'ファイルを選んで渡す…' }).click()
    const entry = customerWindow.locator('#picker-list li', { hasText: name })
    await entry.getByRole('button', { name: '渡す' }).click()
    await customerWindow.locator('#picker-close').click()
    const offer = operator.getByTestId('file-offers').locator('li', { hasText: name })
    await offer.waitFor({ timeout: UI_TIMEOUT_MS })

    const downloading = operator.waitForEvent('download', { timeout: TRANSFER_TIMEOUT_MS })
    const started = performance.now()
    await offer.getByRole('button', { name: 'ダウンロード' }).click()
    const download = await downloading
    const seconds = (performance.now() - started) / 1000
    console.log(
      `[file-transfer] 20 MiB from the customer in ${seconds.toFixed(2)} s (${(20 / seconds).toFixed(1)} MiB/s, hash included)`,
    )
    expect(download.suggestedFilename()).toBe(name)
    expect(sha256(await readFile(await download.path()))).toBe(sha256(content))
    await row(operator, name, 'completed').waitFor({ timeout: UI_TIMEOUT_MS })
  })

  it('[T5] a download from the customer continues after their network drops', async () => {
    await connected()
    const name = 'バックアップ.tar'
    const content = markedContent(160 * 1024 * 1024)
    for (let block = 0; block * 4096 < content.length; block += 1) {
      content.writeUInt32BE(block, block * 4096 + 64)
    }
    await writeFile(join(customerHome, name), content)
    await customerWindow.getByRole('button', { name: 'ファイルを選んで渡す…' }).click()
    await customerWindow
      .locator('#picker-list li', { hasText: name })
      .getByRole('button', { name: '渡す' })
      .click()
    await customerWindow.locator('#picker-close').click()
    const offer = operator.getByTestId('file-offers').locator('li', { hasText: name })
    await offer.waitFor({ timeout: UI_TIMEOUT_MS })

    const downloading = operator.waitForEvent('download', { timeout: TRANSFER_TIMEOUT_MS })
    await offer.getByRole('button', { name: 'ダウンロード' }).click()
    const percent = row(operator, name).getByTestId('file-transfer-percent')
    await expect
      .poll(
        async () =>
          Number(/(\d+)%/.exec((await percent.textContent().catch(() => '')) ?? '')?.[1] ?? 0),
        { timeout: TRANSFER_TIMEOUT_MS, interval: 50 },
      )
      .toBeGreaterThanOrEqual(5)
    expect(proxy.cutAll()).toBeGreaterThan(0)
    const download = await downloading
    expect(download.suggestedFilename()).toBe(name)
    expect(sha256(await readFile(await download.path()))).toBe(sha256(content))
    expect(await phasesSeen(operator)).toContain(`${name}:waiting-for-link`)
    // One transfer from start to end: it was resumed, not started again.
    expect(await row(operator, name).count()).toBe(1)
    await rm(join(customerHome, name))
  })

  it('[T7] the operator browses the customer’s folders once the customer allows it', async () => {
    await connected()
    const content = markedContent(200_000)
    await writeFile(join(customerHome, 'Documents', '見積.csv'), content)
    const browse = operator.getByTestId('file-browse')
    await browse.getByRole('button', { name: '閲覧の許可を求める' }).click()
    await browse
      .getByText('お客様が閲覧を許可するのを待っています…')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    await customerWindow
      .locator('#browse-question')
      .getByRole('button', { name: '許可する' })
      .click()

    await expect
      .poll(() => browse.getByTestId('file-browse-path').textContent(), { timeout: UI_TIMEOUT_MS })
      .toBe(customerHome)
    await browse.getByRole('button', { name: 'フォルダー: Documents' }).click()
    await expect
      .poll(() => browse.getByTestId('file-browse-path').textContent(), { timeout: UI_TIMEOUT_MS })
      .toBe(join(customerHome, 'Documents'))
    const downloading = operator.waitForEvent('download', { timeout: TRANSFER_TIMEOUT_MS })
    await browse
      .locator('li', { hasText: '見積.csv' })
      .getByRole('button', { name: 'ダウンロード' })
      .click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('見積.csv')
    expect(sha256(await readFile(await download.path()))).toBe(sha256(content))
    await screenshot(operator, 'viewer-file-browse.png')

    // Taken back in the agent's window: the listing goes away on the operator's side.
    await customerWindow.locator('#browse-switch').click()
    await browse.getByText('お客様は閲覧を許可しませんでした。').waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await browse.getByTestId('file-browse-entries').count()).toBe(0)
  })

  it('[T6] the agent refuses hostile paths from a console that skips the page’s checks', async () => {
    await connected()
    const before = await filesUnder(workDir)
    const peer = await connectConsolePeer(server.url, admin, sessionId)
    try {
      const hostile = [
        '../escape.txt',
        '../../escape.txt',
        'a/../../escape.txt',
        '/tmp/escape.txt',
        'C:escape.txt',
        'sub\\..\\..\\escape.txt',
        'CON',
        'aux.txt',
        'trailing.',
        'nul\u0000.txt',
        'line\nbreak.txt',
        'a//b.txt',
        `${'x'.repeat(256)}.txt`,
      ]
      const isResult = (
        message: AgentToConsole,
      ): message is MessageOf<AgentToConsole, 'file-result'> => message.type === 'file-result'
      for (const [index, path] of hostile.entries()) {
        await peer.send({ type: 'file-send', transferId: 1000 + index, path, size: MARKER.length })
        const result = await peer.nextSealed(isResult)
        expect({ path, ...result }).toMatchObject({
          path,
          transferId: 1000 + index,
          outcome: 'failed',
          problem: 'bad-name',
        })
      }
    } finally {
      peer.close()
    }
    expect(await filesUnder(workDir)).toEqual(before)
    const escaped = await stat(join(workDir, 'escape.txt')).catch(() => null)
    expect(escaped).toBeNull()
  })

  it('[S13] nothing of the files’ content reaches the server’s database or data folder', async () => {
    await connected()
    // The marker did travel: it is in what the customer received.
    expect((await readFile(join(receiveDir, BIG_NAME))).includes(MARKER)).toBe(true)
    const marker = Buffer.from(MARKER)
    const files = await filesUnder(server.dataDir)
    expect(files.some((file) => file.endsWith('.db') || file.endsWith('.sqlite'))).toBe(true)
    for (const file of files) {
      expect((await readFile(file)).includes(marker), file).toBe(false)
    }
    expect(server.output()).not.toContain(MARKER)
    expect(problems()).toEqual([])
  })
})
