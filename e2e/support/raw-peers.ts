/**
 * A session's two relay sockets opened by hand, without the agent program or the console page:
 * the agent side redeems the number, says hello and consents; the console side joins with the
 * admin's cookie. For tests and measurements of the relay itself (back-pressure, throughput),
 * where the peers' own behaviour would get in the way.
 */
import WebSocket from 'ws'

import type { AdminApi } from './company.js'
import { httpsCall, jsonOf } from './https-request.js'
import type { TestServer } from './start-server.js'

export interface RawPeers {
  readonly sessionId: string
  readonly agent: WebSocket
  readonly console: WebSocket
  close(): void
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve()
    })
    ws.once('error', reject)
  })
}

/** Resolves with the first JSON text message of this `type`. */
export function nextControl(
  ws: WebSocket,
  type: string,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage)
      reject(new Error(`no ${type} message within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) return
      const message = JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as Record<
        string,
        unknown
      >
      if (message['type'] !== type) return
      clearTimeout(timer)
      ws.off('message', onMessage)
      resolve(message)
    }
    ws.on('message', onMessage)
  })
}

/** Creates a session, and pairs a consenting agent socket with a console socket through the relay. */
export async function openRawPeers(server: TestServer, admin: AdminApi): Promise<RawPeers> {
  const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
    session: { id: string; code: string }
  }
  const redeemed = await httpsCall(`${server.url}/api/v1/redeem`, { body: { code: session.code } })
  if (redeemed.status !== 200) throw new Error(`redeem: ${redeemed.status} ${redeemed.text}`)
  const { agentToken } = jsonOf(redeemed) as { agentToken: string }
  const base = server.url.replace('https:', 'wss:')
  const options = { rejectUnauthorized: false, perMessageDeflate: false }

  const agent = new WebSocket(`${base}/ws/agent`, options)
  await opened(agent)
  const welcome = nextControl(agent, 'welcome')
  agent.send(
    JSON.stringify({
      type: 'hello',
      protocolVersion: 1,
      agentToken,
      os: { platform: 'linux', release: 'bench', arch: 'x64' },
    }),
  )
  await welcome
  const console = new WebSocket(`${base}/ws/console?sessionId=${session.id}`, {
    ...options,
    headers: { cookie: admin.headers['cookie'] ?? '', origin: server.url },
  })
  await opened(console)
  const agentPaired = nextControl(agent, 'peer-joined')
  const consolePaired = nextControl(console, 'peer-joined')
  agent.send(JSON.stringify({ type: 'consent-granted' }))
  await Promise.all([agentPaired, consolePaired])
  return {
    sessionId: session.id,
    agent,
    console,
    close() {
      agent.terminate()
      console.terminate()
    },
  }
}
