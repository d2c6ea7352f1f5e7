/**
 * Unattended connections against the real, built server in Chromium (SPEC.md D1–D4): a device
 * written in the test keeps `/ws/device` open (the agent's service speaks the same protocol);
 * the admin sets the company policy; an operator clicks 接続 on the online computer; the
 * device's connect-request carries a single-use agent token with which a raw agent peer joins
 * the relay; the viewer reaches the end-to-end handshake and shows the verification code the
 * peer computed; the history says 無人アクセス; a computer that refuses ends the session with
 * the reason shown in the viewer; revoking the computer mid-session ends the
 * viewer's session and closes the device socket with DeviceRevoked (4014).
 */
import { CloseCode, PROTOCOL_VERSION } from '@tasuke/protocol'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import { launchBrowser, newContext } from './support/browser.js'
import { type AdminApi, setUpCompany } from './support/company.js'
import { logIn, UI_TIMEOUT_MS, watchForProblems } from './support/console-page.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { viewerVerificationCode } from './support/operator-viewer.js'
import { type PeerAgent, connectPeerAgent } from './support/peer-agent.js'
import { nextControl } from './support/raw-peers.js'
import { type DatabaseKind, startServer, type TestServer } from './support/start-server.js'

const PASSWORD = 'correct horse battery staple'
const OPERATOR = { email: 'olga@example.com', displayName: 'Olga Operator' }
const OS = { platform: 'linux', release: '6.1.0-e2e', arch: 'x64' }

interface ConnectRequest {
  readonly sessionId: string
  readonly agentToken: string
  readonly operatorName: string
  readonly policy: { readonly mode: string }
}

describe.each<DatabaseKind>(['sqlite', 'postgres'])('unattended connection on %s', (database) => {
  let server: TestServer
  let admin: AdminApi
  let browser: Browser
  let page: Page
  let problems: () => readonly string[]
  let device: WebSocket | undefined
  let deviceClosed: Promise<number> = Promise.resolve(0)
  let enrolled = { deviceId: '', deviceSecret: '' }
  let request: ConnectRequest | undefined
  let peer: PeerAgent | undefined

  const adminCall = async (method: string, path: string, body?: unknown) => {
    const answer = await httpsCall(`${server.url}/api/v1${path}`, {
      method,
      headers: admin.headers,
      ...(body === undefined ? {} : { body }),
    })
    return answer
  }

  beforeAll(async () => {
    server = await startServer(database)
    admin = await setUpCompany(server)
    const invited = (await admin.post('/operators', { ...OPERATOR, role: 'operator' })) as {
      invitationUrl: string
    }
    const invitation = invited.invitationUrl.split('/').pop() ?? ''
    const accepted = await httpsCall(`${server.url}/api/v1/invitations/${invitation}/accept`, {
      body: { password: PASSWORD },
    })
    expect(accepted.status).toBeLessThan(300)
    browser = await launchBrowser()
    page = await (await newContext(browser, 'ja-JP')).newPage()
    page.setDefaultTimeout(UI_TIMEOUT_MS)
    problems = watchForProblems(page)
    await logIn(page, server.url, OPERATOR.email, PASSWORD)
  })

  afterAll(async () => {
    peer?.close()
    device?.terminate()
    await browser.close()
    await server.stop()
  })

  it('[D1][D2] the admin sets the policy; the computer connects its device socket and is welcomed with it', async () => {
    const policy = await adminCall('PUT', '/device-policy', { policy: { mode: 'connect' } })
    expect(policy.status).toBe(200)
    const created = (await admin.post('/enrolment-tokens', { group: 'Shop A' })) as {
      token: string
    }
    const enrol = await httpsCall(`${server.url}/api/v1/devices/enrol`, {
      body: { token: created.token, name: 'Reception PC', os: OS, agentVersion: '0.2.0' },
    })
    expect(enrol.status).toBe(201)
    enrolled = jsonOf(enrol) as typeof enrolled

    const ws = new WebSocket(`${server.url.replace('https:', 'wss:')}/ws/device`, {
      rejectUnauthorized: false,
    })
    device = ws
    deviceClosed = new Promise((resolve) => ws.once('close', resolve))
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const welcome = nextControl(ws, 'device-welcome')
    ws.send(
      JSON.stringify({
        type: 'device-hello',
        protocolVersion: PROTOCOL_VERSION,
        deviceId: enrolled.deviceId,
        deviceSecret: enrolled.deviceSecret,
        agentVersion: '0.2.0',
        os: OS,
      }),
    )
    expect(await welcome).toEqual({
      type: 'device-welcome',
      deviceName: 'Reception PC',
      tenantName: 'Example Support',
      policy: { mode: 'connect' },
    })
  })

  it('[D3] the operator clicks 接続; the viewer reaches the handshake with the agent that joined with the token', async () => {
    const socket = device
    if (socket === undefined) throw new Error('no device socket')
    const connectRequest = nextControl(socket, 'connect-request')
    await page.goto(`${server.url}/devices`)
    const row = page.locator('tr[data-device-name="Reception PC"][data-status="online"]')
    await row.getByRole('button', { name: '接続' }).click()
    await page.waitForURL('**/sessions/*/view')
    request = (await connectRequest) as unknown as ConnectRequest
    expect(page.url()).toContain(`/sessions/${request.sessionId}/view`)
    expect(request.operatorName).toBe(OPERATOR.displayName)
    expect(request.policy).toEqual({ mode: 'connect' })

    peer = await connectPeerAgent(server.url, request.agentToken)
    await peer.next('welcome')
    peer.consent()
    await peer.next('peer-joined')
    const code = await peer.handshake()
    expect(await viewerVerificationCode(page)).toBe(code)

    // The token works once: a replay is refused, the session goes on.
    const replay = new WebSocket(`${server.url.replace('https:', 'wss:')}/ws/agent`, {
      rejectUnauthorized: false,
    })
    const replayClosed = new Promise<number>((resolve) => replay.once('close', resolve))
    replay.once('open', () => {
      replay.send(
        JSON.stringify({
          type: 'hello',
          protocolVersion: PROTOCOL_VERSION,
          agentToken: request?.agentToken,
          os: OS,
        }),
      )
    })
    expect(await replayClosed).toBe(CloseCode.Unauthorized)
    await page.locator('[data-testid="viewer-state"][data-phase="active"]').waitFor()
  })

  it('[D3] the history says 無人アクセス with the computer’s name and both addresses', async () => {
    const history = (await admin.get('/history?method=unattended')) as {
      rows: Array<Record<string, unknown>>
    }
    expect(history.rows).toHaveLength(1)
    expect(history.rows[0]).toMatchObject({
      id: request?.sessionId,
      method: 'unattended',
      state: 'active',
      deviceName: 'Reception PC',
      customerIp: '127.0.0.1',
      operatorIp: '127.0.0.1',
    })
    const other = await (await newContext(browser, 'ja-JP')).newPage()
    await logIn(other, server.url, OPERATOR.email, PASSWORD)
    await other.goto(`${server.url}/history`)
    await other
      .locator('[data-testid="history-row"]', { hasText: '無人アクセス (Reception PC)' })
      .waitFor({ timeout: UI_TIMEOUT_MS })
    await other.close()
  })

  it('[D3] a computer that refuses (its customer declined) ends the session; the viewer says so', async () => {
    const created = (await admin.post('/enrolment-tokens', {})) as { token: string }
    const enrol = await httpsCall(`${server.url}/api/v1/devices/enrol`, {
      body: { token: created.token, name: 'Back office PC', os: OS, agentVersion: '0.2.0' },
    })
    const second = jsonOf(enrol) as typeof enrolled
    const ws = new WebSocket(`${server.url.replace('https:', 'wss:')}/ws/device`, {
      rejectUnauthorized: false,
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const welcome = nextControl(ws, 'device-welcome')
    ws.send(
      JSON.stringify({
        type: 'device-hello',
        protocolVersion: PROTOCOL_VERSION,
        deviceId: second.deviceId,
        deviceSecret: second.deviceSecret,
        agentVersion: '0.2.0',
        os: OS,
      }),
    )
    await welcome
    const viewer = await (await newContext(browser, 'ja-JP')).newPage()
    try {
      await logIn(viewer, server.url, OPERATOR.email, PASSWORD)
      await viewer.goto(`${server.url}/devices`)
      const connectRequest = nextControl(ws, 'connect-request')
      await viewer
        .locator('tr[data-device-name="Back office PC"][data-status="online"]')
        .getByRole('button', { name: '接続' })
        .click()
      await viewer.waitForURL('**/sessions/*/view')
      const refused = (await connectRequest) as unknown as ConnectRequest
      // The viewer is connected to the relay and waits for the computer.
      await viewer.locator('[data-testid="viewer-state"][data-phase="waiting"]').waitFor()
      ws.send(
        JSON.stringify({
          type: 'connect-refused',
          sessionId: refused.sessionId,
          reason: 'refused-by-policy',
        }),
      )
      await viewer
        .locator('[data-testid="viewer-state"][data-phase="ended"]', {
          hasText: 'お客様が接続を拒否しました。',
        })
        .waitFor({ timeout: UI_TIMEOUT_MS })
    } finally {
      await viewer.close()
      ws.terminate()
    }
  })

  it('[D4] revoking the computer mid-session ends the viewer’s session and closes the device socket with 4014', async () => {
    const revoked = await adminCall('DELETE', `/devices/${enrolled.deviceId}`)
    expect(revoked.status).toBe(204)
    expect(await deviceClosed).toBe(CloseCode.DeviceRevoked)
    expect(await peer?.next('session-ended')).toMatchObject({ reason: 'device-revoked' })
    await page
      .locator('[data-testid="viewer-state"][data-phase="ended"]', {
        hasText: 'このコンピューターの登録が取り消された',
      })
      .waitFor()
    const history = (await admin.get('/history?method=unattended')) as {
      rows: Array<Record<string, unknown>>
    }
    const revokedRow = history.rows.find((row) => row['id'] === request?.sessionId)
    expect(revokedRow).toMatchObject({ state: 'ended', outcome: 'failed' })
    expect(problems()).toEqual([])
  })
})
