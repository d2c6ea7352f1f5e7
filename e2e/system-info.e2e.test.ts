/**
 * System information end to end (issue 5, SPEC.md P5, DESIGN.md S8), real parts only: an Xvfb
 * display, the built server, the built agent process and the operator in Chromium. The
 * operator clicks システム情報 in the viewer and sees this machine's host name and user; the
 * customer's window says the operator is reading it; and afterwards nothing of it is in the
 * server's data directory (the answer travels sealed, end to end).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { AgentProcess } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { ADMIN, type AdminApi, setUpCompany } from './support/company.js'
import { UI_TIMEOUT_MS, logIn, screenshot, watchForProblems } from './support/console-page.js'
import { customerAccepts } from './support/customer-accepts.js'
import { startServer, type TestServer } from './support/start-server.js'
import { type XDisplay, startXDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'

/** Every byte the server keeps under `dir`, except its copies of the agent program. */
function storedBytes(dir: string): Buffer {
  const parts: Buffer[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'agent-downloads' || name === 'no-agent-builds') continue
    const path = join(dir, name)
    parts.push(statSync(path).isDirectory() ? storedBytes(path) : readFileSync(path))
  }
  return Buffer.concat(parts)
}

/**
 * What would betray a stored answer: the host and user names (as JSON strings when short,
 * since "vm" or "root" turn up by chance in binary data), the CPU model and the kernel build.
 */
function needles(): string[] {
  const named = [os.hostname(), os.userInfo().username].map((text) =>
    text.length >= 8 ? text : JSON.stringify(text),
  )
  return [...named, os.cpus()[0]?.model.trim() ?? '', os.version()].filter(
    (needle) => needle.length >= 4,
  )
}

describe('system information on the operator’s request', () => {
  let x: XDisplay
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let operator: Page
  let problems: () => readonly string[]
  const agents: AgentProcess[] = []

  beforeAll(async () => {
    x = await startXDisplay(800, 600)
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
    browser = await launchBrowser()
    operator = await (await newContext(browser, 'ja-JP')).newPage()
    problems = watchForProblems(operator)
    await logIn(operator, server.url, ADMIN.email, PASSWORD)
  })

  afterAll(async () => {
    for (const agent of agents) agent.kill()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
  })

  it('[P5] shows the real host name to the operator, the activity to the customer, and stores nothing', async () => {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    await operator.goto(`${server.url}/sessions/${encodeURIComponent(session.id)}/view`)
    await operator
      .locator('[data-testid="viewer-state"][data-phase="waiting"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    const { agent, window: customer } = await customerAccepts(browser, server, session.code, x)
    agents.push(agent)
    await operator
      .locator('[data-testid="viewer-state"][data-phase="active"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })

    await operator.getByRole('button', { name: 'システム情報' }).click()
    const panel = operator.getByTestId('system-info-panel')
    await expect
      .poll(() => operator.getByTestId('system-info-hostname').textContent(), {
        timeout: UI_TIMEOUT_MS,
      })
      .toBe(os.hostname())
    expect(await operator.getByTestId('system-info-user').textContent()).toBe(
      os.userInfo().username,
    )
    const shown = (await panel.textContent()) ?? ''
    expect(shown).toContain('稼働時間')
    expect(shown).toMatch(/空き [\d.,]+ GB \/ 全体 [\d.,]+ GB/)
    expect(shown).toContain(os.type())
    await screenshot(operator, 'viewer-system-info.png')
    // The customer sees what the operator is doing right now.
    await customer
      .getByText('システム情報を確認しています')
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS })

    await customer.getByRole('button', { name: 'キャンセル' }).click()
    await operator
      .locator('[data-testid="viewer-state"][data-ended-by="customer"]')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)

    const stored = storedBytes(server.dataDir)
    // The scan sees what is stored in clear (the company's name), so a miss means something.
    expect(stored.includes(Buffer.from('Example Support', 'utf8'))).toBe(true)
    for (const needle of needles()) {
      expect(stored.includes(Buffer.from(needle, 'utf8')), needle).toBe(false)
      expect(stored.includes(Buffer.from(needle, 'utf16le')), needle).toBe(false)
    }
    expect(problems()).toEqual([])
  })
})
