/**
 * A peer that never reads slows the other side down instead of filling the server's memory
 * (DESIGN.md: back-pressure end to end, no unbounded buffers), and nothing reliable is lost:
 * once it reads again every frame arrives, in order. Real built server, real sockets.
 */
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

import { FrameKind, decodeFrameHeader, encodeFrame } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type AdminApi, setUpCompany } from './support/company.js'
import { openRawPeers } from './support/raw-peers.js'
import { startServer, type TestServer } from './support/start-server.js'

const FRAME_PAYLOAD = 64 * 1024 - 15
const WRITE_FOR_MS = 3_000
/** What the writer may have in flight while its reader is stuck: its own socket buffer aside. */
const WRITER_AHEAD_LIMIT = 256 * 1024 * 1024

async function rssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

describe('a console that stops reading', () => {
  let server: TestServer
  let admin: AdminApi

  beforeAll(async () => {
    server = await startServer('sqlite')
    admin = await setUpCompany(server)
  })

  afterAll(async () => {
    await server.stop()
  })

  it('slows the agent, keeps the server’s memory bounded, and loses no reliable frame', async () => {
    const peers = await openRawPeers(server, admin)
    const received: number[] = []
    peers.console.on('message', (data: Buffer, isBinary) => {
      if (isBinary) received.push(decodeFrameHeader(data).sequence)
    })
    // The console's socket stops reading: TCP fills up, then the relay's window.
    peers.console.pause()
    const rssBefore = await rssMB(server.pid)

    const payload = new Uint8Array(FRAME_PAYLOAD).fill(0x5a)
    let sent = 0
    let peakServerRss = rssBefore
    const started = Date.now()
    while (Date.now() - started < WRITE_FOR_MS) {
      if (peers.agent.bufferedAmount < WRITER_AHEAD_LIMIT) {
        peers.agent.send(encodeFrame({ kind: FrameKind.Message, sequence: sent, payload }))
        sent += 1
      }
      if (sent % 64 === 0) {
        peakServerRss = Math.max(peakServerRss, await rssMB(server.pid))
        await sleep(1)
      }
    }
    await sleep(500)
    peakServerRss = Math.max(peakServerRss, await rssMB(server.pid))
    const sentBytes = sent * (FRAME_PAYLOAD + 15)
    // What left the agent's process: everything it sent minus what its socket still holds.
    const acceptedBytes = sentBytes - peers.agent.bufferedAmount

    // The agent was slowed: most of what it wanted to send is still waiting on its side.
    expect(sentBytes).toBeGreaterThan(64 * 1024 * 1024)
    expect(acceptedBytes).toBeLessThan(48 * 1024 * 1024)
    // The relay held at most its window (4 MiB) plus socket buffers, not the 64+ MiB sent.
    expect(peakServerRss - rssBefore).toBeLessThan(48)
    expect(received.length).toBe(0)

    // Reading again: every frame arrives, in order.
    peers.console.resume()
    await expect.poll(() => received.length, { timeout: 60_000, interval: 200 }).toBe(sent)
    expect(received.every((sequence, index) => sequence === index)).toBe(true)
    peers.close()
  })
})
