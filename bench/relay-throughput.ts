/**
 * Relay throughput: 64 KiB frames from a consenting agent socket to a console socket through
 * the real relay, next to the same traffic through a bare loopback WebSocket forwarder in its
 * own process (bench/direct-forward.ts), measured in the same run.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { FrameKind, encodeFrame } from '@tasuke/protocol'
import WebSocket from 'ws'

import type { AdminApi } from '../e2e/support/company.js'
import { openRawPeers } from '../e2e/support/raw-peers.js'
import type { TestServer } from '../e2e/support/start-server.js'

const MESSAGE_BYTES = 64 * 1024
const MEASURE_MS = 3_000
const WRITER_WINDOW_BYTES = 8 * 1024 * 1024

export interface ThroughputResult {
  readonly relayMBps: number
  readonly directMBps: number
}

/** Sends for `MEASURE_MS` as fast as the path takes it; returns MB/s received by `reader`. */
async function pump(writer: WebSocket, reader: WebSocket): Promise<number> {
  const frame = Buffer.from(
    encodeFrame({
      kind: FrameKind.Message,
      sequence: 1,
      payload: new Uint8Array(MESSAGE_BYTES - 15).fill(7),
    }),
  )
  let received = 0
  let firstAt = 0
  reader.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) return
    if (received === 0) firstAt = performance.now()
    received += data.byteLength
  })
  const started = performance.now()
  while (performance.now() - started < MEASURE_MS) {
    if (writer.bufferedAmount < WRITER_WINDOW_BYTES) writer.send(frame)
    else await new Promise((resolve) => setImmediate(resolve))
  }
  const until = performance.now()
  // Count only what arrived within the window after the first byte.
  const seconds = (until - firstAt) / 1000
  return received / seconds / 1e6
}

async function directForward(): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./direct-forward.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => {
        resolve(Number.parseInt(chunk.toString('utf8'), 10))
      })
      child.once('exit', (code) => {
        reject(new Error(`direct forwarder exited with ${String(code)}`))
      })
    })
    const connect = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false })
        ws.once('open', () => {
          resolve(ws)
        })
        ws.once('error', reject)
      })
    const writer = await connect()
    const reader = await connect()
    const result = await pump(writer, reader)
    writer.terminate()
    reader.terminate()
    return result
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM')
  }
}

export async function measureThroughput(
  server: TestServer,
  admin: AdminApi,
): Promise<ThroughputResult> {
  const peers = await openRawPeers(server, admin)
  try {
    const relayMBps = await pump(peers.agent, peers.console)
    const directMBps = await directForward()
    return { relayMBps, directMBps }
  } finally {
    peers.close()
  }
}
