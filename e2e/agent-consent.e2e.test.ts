/**
 * Consent is local (DESIGN.md S7, S8): the customer's program asks in its own window, and
 * only the customer's click there starts the session; キャンセル ends it for both sides and the
 * history row records it. Real server, real agent process, real Chromium, real WebSockets.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import { CONSENT_URL, startAgent } from './support/agent-process.js'
import { launchBrowser, newContext } from './support/browser.js'
import { certificateFingerprint } from './support/certificate.js'
import { type AdminApi, setUpCompany } from './support/company.js'
import { startServer, type TestServer } from './support/start-server.js'

interface ConsoleSocket {
  next(type: string): Promise<Record<string, unknown>>
  close(): void
}

/** The operator's side of the relay, as the console page will speak it. */
function openConsole(server: TestServer, admin: AdminApi, sessionId: string): ConsoleSocket {
  const url = `${server.url.replace('https:', 'wss:')}/ws/console?sessionId=${sessionId}`
  const ws = new WebSocket(url, {
    headers: { cookie: admin.headers['cookie'] ?? '', origin: server.url },
    rejectUnauthorized: false,
  })
  const received: Record<string, unknown>[] = []
  const waiters = new Set<() => void>()
  ws.on('message', (data, isBinary) => {
    if (isBinary) return
    received.push(
      JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as Record<string, unknown>,
    )
    for (const waiter of waiters) waiter()
  })
  return {
    next: (type) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no ${type}; got ${JSON.stringify(received)}`))
        }, 30_000)
        const check = () => {
          const index = received.findIndex((m) => m['type'] === type)
          if (index < 0) return
          const [message] = received.splice(index, 1)
          clearTimeout(timer)
          waiters.delete(check)
          resolve(message ?? {})
        }
        waiters.add(check)
        check()
      }),
    close: () => {
      ws.close()
    },
  }
}

interface HistoryRow {
  id: string
  outcome: string | null
  startedAt: string | null
  endedAt: string | null
  customerIp: string | null
  operatorIp: string | null
  agentOs: string | null
}

describe('the customer consents in the agent’s own window', () => {
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let fingerprint: string

  beforeAll(async () => {
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
    fingerprint = await certificateFingerprint(server.url)
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser.close()
    await server.stop()
  })

  const begin = async () => {
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    const operator = openConsole(server, admin, session.id)
    await operator.next('session-state')
    const agent = startAgent([
      '--server',
      server.url,
      '--code',
      session.code,
      '--fingerprint',
      fingerprint,
      '--lang',
      'ja',
      '--no-browser',
    ])
    const [, url] = await agent.waitFor(CONSENT_URL)
    const page = await (await newContext(browser, 'ja-JP')).newPage()
    await page.goto(url ?? '')
    await page.getByText('Example Support').first().waitFor()
    await page.getByText('Ada Admin').first().waitFor()
    return { session, operator, agent, page }
  }

  const historyRow = async (id: string) => {
    const { rows } = (await admin.get('/history')) as { rows: HistoryRow[] }
    return rows.find((row) => row.id === id)
  }

  it('starts only after 承諾, and キャンセル ends it for both with the history recorded', async () => {
    const { session, operator, agent, page } = await begin()
    const before = (await admin.get(`/sessions/${session.id}`)) as { session: { state: string } }
    expect(before.session.state).toBe('connecting')

    await page.getByRole('button', { name: '承諾' }).click()
    await operator.next('peer-joined')
    await page.getByText('接続されました').waitFor()
    const during = (await admin.get(`/sessions/${session.id}`)) as { session: { state: string } }
    expect(during.session.state).toBe('active')

    await page.getByRole('button', { name: 'キャンセル' }).click()
    expect(await operator.next('session-ended')).toMatchObject({ reason: 'customer-ended' })
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('リモート接続を終了しました。')

    await expect.poll(async () => (await historyRow(session.id))?.outcome).toBe('completed')
    const row = await historyRow(session.id)
    expect(row?.startedAt).not.toBeNull()
    expect(row?.endedAt).not.toBeNull()
    expect(row).toMatchObject({ customerIp: '127.0.0.1', operatorIp: '127.0.0.1' })
    expect(row?.agentOs).toContain('linux')
    operator.close()
  })

  it('shares nothing when the customer clicks 拒否, and tells the operator', async () => {
    const { session, operator, agent, page } = await begin()
    await page.getByRole('button', { name: '拒否' }).click()
    expect(await operator.next('session-ended')).toMatchObject({ reason: 'consent-declined' })
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('接続を拒否しました。')
    await expect.poll(async () => (await historyRow(session.id))?.outcome).toBe('declined')
    expect((await historyRow(session.id))?.startedAt).toBeNull()
    operator.close()
  })

  it('ends the customer’s program when the operator cancels before consent', async () => {
    const { session, agent, page } = await begin()
    await admin.post(`/sessions/${session.id}/cancel`)
    const result = await agent.exited
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('サポートセッションは終了しました。')
    await page.getByText(/終了/).first().waitFor()
  })
})
