/**
 * System information on the operator's request (SPEC.md P5), through the REAL relay (the built
 * server as a process) with a console written with the protocol package: the answer is this
 * machine's, schema-valid and sealed; the customer's window shows the request; and nothing of
 * it is left in the server's data directory.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

import { AgentToConsole, parseMessage, type SystemInfo } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { redeem } from '../server-api/redeem.js'
import { waitFor } from '../test-support/wait-for.js'
import { runAttendedSession } from './attended-session.js'
import { openRelayLink } from './relay-link.js'
import { openConsolePeer } from './test-support/console-peer.js'
import { fakeUi, recordingInput, recordingStreams } from './test-support/fakes.js'
import { hasBuiltServer, type RelayServer, startRelayServer } from './test-support/relay-server.js'

const TIMEOUT_MS = 60_000

/**
 * Every byte under `dir` (the SQLite file, its WAL, keys, certificates), except the server's
 * copies of the agent program, which hold every string of a Node.js runtime.
 */
function bytesUnder(dir: string): Buffer {
  const parts: Buffer[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'agent-downloads') continue
    const path = join(dir, name)
    parts.push(statSync(path).isDirectory() ? bytesUnder(path) : readFileSync(path))
  }
  return Buffer.concat(parts)
}

/**
 * What would betray a stored answer. A short host or user name ("vm", "root") occurs by
 * chance in binary data, so those are searched for as JSON strings; the CPU model, the kernel
 * build and the addresses are long enough to search for as they are.
 */
function needles(info: SystemInfo): string[] {
  const named = [info.hostname, info.user].map((text) =>
    text.length >= 8 ? text : JSON.stringify(text),
  )
  const addresses = info.network.flatMap((entry) => entry.addresses.map((a) => a.split('/')[0]))
  return [...named, info.cpu.model, info.os.version, ...addresses].filter(
    (needle): needle is string => needle !== undefined && needle.length >= 4,
  )
}

describe.skipIf(!hasBuiltServer())('system information through the real relay', () => {
  let server: RelayServer

  beforeAll(async () => {
    server = await startRelayServer()
  }, TIMEOUT_MS)

  afterAll(async () => {
    await server.stop()
  })

  it(
    '[P5] answers system-info-request with this machine, sealed, shown to the customer, never stored',
    {
      timeout: TIMEOUT_MS,
    },
    async () => {
      const session = await server.createSession()
      const console = openConsolePeer(server, session.id)
      await waitFor('the console to wait', () =>
        console.control.find((m) => m.type === 'session-state') ? true : undefined,
      )
      const redeemed = await redeem(new URL(server.url), session.code, server.fingerprint)
      if (!redeemed.ok) throw new Error(`redeem: ${redeemed.failure}`)
      const ui = fakeUi()
      const outcome = runAttendedSession({
        ui,
        openLink: (events) =>
          openRelayLink(
            {
              serverUrl: new URL(server.url),
              agentToken: redeemed.redemption.agentToken,
              fingerprint: server.fingerprint,
            },
            events,
          ),
        createScreenStream: recordingStreams([]).factory,
        openInput: () => Promise.resolve(recordingInput([])),
      })
      await waitFor('the consent question', () =>
        ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      ui.act({ type: 'accept' })
      await waitFor('screen-info', () => (console.messages.length > 0 ? true : undefined))

      // Two requests at once: both answered, from one collection (the rate limit of P5).
      await console.send({ type: 'system-info-request' })
      await console.send({ type: 'system-info-request' })
      const answers = await waitFor('two answers', () => {
        const found = console.messages.filter((m) => m.type === 'system-info')
        return found.length === 2 ? found : undefined
      })
      const [info, again] = answers
      if (info?.type !== 'system-info') throw new Error('no system-info')
      expect(again).toEqual(info)
      expect(parseMessage(AgentToConsole, JSON.stringify(info))).toEqual({
        ok: true,
        message: info,
      })
      expect(info.hostname).toBe(os.hostname())
      expect(info.memory.totalBytes).toBeGreaterThan(0)
      expect(info.disks.length).toBeGreaterThan(0)
      expect(console.failures).toEqual([])
      // The customer's window says what the operator is doing.
      expect(
        ui.views.some((v) => v.type === 'connected' && v.activity === 'reading-system-info'),
      ).toBe(true)

      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
      await waitFor('session-ended', () => console.control.find((m) => m.type === 'session-ended'))
      const stored = bytesUnder(server.dataDir)
      // The scan sees what is stored in clear (the company's name), so a miss means something.
      expect(stored.includes(Buffer.from('Example Support', 'utf8'))).toBe(true)
      expect(needles(info).length).toBeGreaterThanOrEqual(3)
      for (const needle of needles(info)) {
        expect(stored.includes(Buffer.from(needle, 'utf8')), needle).toBe(false)
        expect(stored.includes(Buffer.from(needle, 'utf16le')), needle).toBe(false)
      }
    },
  )
})
