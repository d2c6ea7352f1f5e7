/**
 * The customer's program against the real server: it redeems a number typed the way people
 * type it, pins the server's self-signed certificate, and tells the customer in their
 * language who is asking to connect, or why it cannot.
 */
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { CONSENT_URL, runAgent, startAgent } from './support/agent-process.js'
import { certificateFingerprint } from './support/certificate.js'
import { setUpCompany } from './support/company.js'
import { httpsCall, jsonOf } from './support/https-request.js'
import { startServer, type TestServer } from './support/start-server.js'

describe('agent redeems a session number', () => {
  let server: TestServer
  let fingerprint: string
  let headers: Record<string, string>

  beforeAll(async () => {
    server = await startServer('sqlite')
    fingerprint = await certificateFingerprint(server.url)
    headers = { ...(await setUpCompany(server)).headers }
  })

  afterAll(async () => {
    await server.stop()
  })

  const newCode = async () => {
    const answer = await httpsCall(`${server.url}/api/v1/sessions`, {
      headers,
      body: { expiresInMinutes: 30 },
    })
    expect(answer.status, answer.text).toBe(201)
    return (jsonOf(answer) as { session: { id: string; code: string } }).session
  }

  it('shows who is asking, once, in the language asked for', async () => {
    const session = await newCode()
    const typed = `${session.code.slice(0, 4)} ${session.code.slice(4)}`
    const args = ['--server', server.url, '--code', typed, '--fingerprint', fingerprint]
    const first = startAgent([...args, '--lang', 'ja', '--no-browser'])
    await first.waitFor(/Example Support の Ada Admin が、このコンピュータへの接続を求めています。/)
    await first.waitFor(CONSENT_URL)
    const stored = await httpsCall(`${server.url}/api/v1/sessions/${session.id}`, { headers })
    expect(jsonOf(stored)).toMatchObject({ session: { state: 'connecting' } })

    const again = await runAgent([...args, '--lang', 'en'])
    expect(again.exitCode).toBe(1)
    expect(again.stderr).toContain('already been used')
    first.kill()
    await first.exited
  })

  it('refuses a server whose certificate does not match the pin', async () => {
    const session = await newCode()
    const wrongPin = 'AA:'.repeat(31) + 'AA'
    const run = await runAgent([
      '--server',
      server.url,
      '--code',
      session.code,
      '--fingerprint',
      wrongPin,
      '--lang',
      'en',
    ])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('does not match the pin')
    const stored = await httpsCall(`${server.url}/api/v1/sessions/${session.id}`, { headers })
    expect(jsonOf(stored)).toMatchObject({ session: { state: 'waiting' } })
  })

  it('refuses an unpinned self-signed server and a number that does not exist', async () => {
    const unpinned = await runAgent(['--server', server.url, '--code', '12345678', '--lang', 'en'])
    expect(unpinned.exitCode).toBe(1)
    expect(unpinned.stderr).toContain('Could not reach the support server')

    const unknown = await runAgent([
      '--server',
      server.url,
      '--code',
      '0000-0000',
      '--fingerprint',
      fingerprint,
      '--lang',
      'en',
    ])
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stderr).toContain('does not exist')
  })

  describe('as the single executable customers download', () => {
    let executable: string

    beforeAll(async () => {
      executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    }, AGENT_BUILD_TIMEOUT_MS)

    it('runs on Node 24 without anything installed, redeems a number and opens its consent window', async () => {
      const help = await runAgent(['--help', '--lang', 'en'], executable)
      expect(help.exitCode, help.stderr).toBe(0)
      expect(help.stdout).toContain('Usage: tasuke-agent')

      const session = await newCode()
      const agent = startAgent(
        [
          '--server',
          server.url,
          '--code',
          session.code,
          '--fingerprint',
          fingerprint,
          '--no-browser',
        ],
        executable,
      )
      await agent.waitFor(/Ada Admin of Example Support is asking to connect/)
      await agent.waitFor(CONSENT_URL)
      agent.kill()
      await agent.exited
    })
  })

  it('explains bad arguments and exits 2', async () => {
    const run = await runAgent(['--server', server.url, '--code', '1234567'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('8-digit session number')
    const noServer = await runAgent(['--code', '12345678', '--lang', 'en'])
    expect(noServer.exitCode).toBe(2)
    expect(noServer.stderr).toContain('does not know which support company')
  })
})
