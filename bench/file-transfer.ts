/**
 * File-transfer bench (SPEC.md T-rules): a 2 GiB file (sparse, in a temp folder, deleted
 * after) sent by a Node console through the real relay (the built server) to the real agent
 * (its build output, on an Xvfb display, saving with `--receive-dir`). Prints MB/s and the
 * peak memory (VmHWM) of the server and of the agent, which must stay bounded whatever the
 * file's size. Run alone with `npx tsx bench/file-transfer.ts` (after `npm run build`), or
 * as part of `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { open, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { type AgentToConsole, FILE_CHUNK_MAX_BYTES, FILE_WINDOW_BYTES } from '@tasuke/protocol'

import { AGENT_MAIN, CONSENT_URL } from '../e2e/support/agent-process.js'
import { certificateFingerprint } from '../e2e/support/certificate.js'
import { type AdminApi, setUpCompany } from '../e2e/support/company.js'
import { startServer, type TestServer } from '../e2e/support/start-server.js'
import { startXDisplay, type XDisplay } from '../e2e/support/x-display.js'
import { runAsScript } from './run-as-script.js'
import { connectFileConsole, type FileConsole } from './file-transfer-peer.js'

const FILE_BYTES = 2 * 1024 ** 3
/** Peak memory each process may reach (VmHWM), whatever the file's size. */
const MEMORY_BOUND_MB = 300
/** The console keeps at most this much unsent on its socket. */
const CONSOLE_BUFFER_BYTES = 1024 * 1024
const TRANSFER_TIMEOUT_MS = 240_000

export interface FileTransferFigures {
  readonly megabytes: number
  readonly seconds: number
  readonly megabytesPerSecond: number
  readonly serverPeakMB: number
  readonly agentPeakMB: number
}

async function peakMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

/** The consent window's current revision once it asks, read from its event stream. */
function askingRevision(consentUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(`${consentUrl}events`, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        text += chunk
        for (const block of text.split('\n\n').slice(0, -1)) {
          const data = block.replace(/^data: /, '')
          const state = JSON.parse(data) as { revision: number; view: { type: string } }
          if (state.view.type === 'ask-consent') {
            request.destroy()
            resolve(state.revision)
            return
          }
        }
      })
    })
    request.on('error', reject)
  })
}

/** 承諾 as the window would post it (the window itself is covered by the e2e tests). */
async function accept(consentUrl: string): Promise<void> {
  const revision = await askingRevision(consentUrl)
  const response = await fetch(`${consentUrl}action`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'accept', revision }),
  })
  if (response.status !== 204) throw new Error(`the consent window answered ${response.status}`)
}

function startAgent(
  x: XDisplay,
  server: TestServer,
  code: string,
  fingerprint: string,
  inbox: string,
) {
  const agent = spawn(
    process.execPath,
    [
      AGENT_MAIN,
      ...['--server', server.url, '--code', code, '--fingerprint', fingerprint],
      ...['--lang', 'en', '--no-browser', '--receive-dir', inbox],
    ],
    { env: x.env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let errors = ''
  agent.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
  const consentUrl = new Promise<string>((resolve, reject) => {
    let out = ''
    agent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const match = CONSENT_URL.exec(out)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    agent.once('exit', (exitCode) => {
      reject(new Error(`the agent exited with ${String(exitCode)}: ${out} ${errors}`))
    })
  })
  return { agent, consentUrl, errors: () => errors }
}

/** Sends `path` as transfer 1, paced by the agent's acks; resolves with the agent's result. */
async function sendFile(
  console: FileConsole,
  path: string,
  size: number,
): Promise<Extract<AgentToConsole, { type: 'file-result' }>> {
  let acknowledged = 0
  let wake: () => void = () => undefined
  const waiting = new Map<string, (message: AgentToConsole) => void>()
  console.onMessage((message) => {
    if (message.type === 'file-ack') {
      acknowledged = message.offset
      wake()
    }
    waiting.get(message.type)?.(message)
  })
  const next = <T extends AgentToConsole['type']>(type: T) =>
    new Promise<Extract<AgentToConsole, { type: T }>>((resolve) => {
      waiting.set(type, (message) => {
        waiting.delete(type)
        resolve(message as Extract<AgentToConsole, { type: T }>)
      })
    })
  const accepted = next('file-accept')
  await console.send({ type: 'file-send', transferId: 1, path: 'bench-2GiB.bin', size })
  const { offset: start } = await accepted
  const file = await open(path, 'r')
  const hash = createHash('sha256')
  try {
    let offset = start
    while (offset < size) {
      if (offset - acknowledged >= FILE_WINDOW_BYTES) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
        continue
      }
      if (console.bufferedAmount() >= CONSOLE_BUFFER_BYTES) {
        await sleep(1)
        continue
      }
      const length = Math.min(FILE_CHUNK_MAX_BYTES, size - offset)
      const data = Buffer.allocUnsafe(length)
      const { bytesRead } = await file.read(data, 0, length, offset)
      if (bytesRead !== length) throw new Error('the source file got shorter')
      hash.update(data)
      await console.sendChunk({ transferId: 1, offset, data })
      offset += length
    }
  } finally {
    await file.close()
  }
  const result = next('file-result')
  await console.send({ type: 'file-done', transferId: 1, sha256: hash.digest('hex') })
  return result
}

/** Runs the 2 GiB transfer on `x`; every temporary file is deleted afterwards. */
export async function measureFileTransfer(
  server: TestServer,
  admin: AdminApi,
  x: XDisplay,
): Promise<FileTransferFigures> {
  const folder = await mkdtemp(join(tmpdir(), 'tasuke-bench-files-'))
  let agent: ChildProcess | null = null
  let console: FileConsole | null = null
  try {
    const source = join(folder, 'source.bin')
    // Sparse: 2 GiB of zeros with a few marked bytes, costing no disk space to make.
    await writeFile(source, '')
    await truncate(source, FILE_BYTES)
    const marks = await open(source, 'r+')
    for (const at of [0, FILE_BYTES / 2, FILE_BYTES - 8]) await marks.write('tasuke!!', at)
    await marks.close()
    const inbox = join(folder, 'inbox')
    const fingerprint = await certificateFingerprint(server.url)
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    const started = startAgent(x, server, session.code, fingerprint, inbox)
    agent = started.agent
    await accept(await started.consentUrl)
    console = await connectFileConsole(server.url, admin.headers['cookie'] ?? '', session.id)
    const began = performance.now()
    const result = await Promise.race([
      sendFile(console, source, FILE_BYTES),
      sleep(TRANSFER_TIMEOUT_MS).then(() => {
        throw new Error(`the transfer took longer than ${TRANSFER_TIMEOUT_MS / 1000} s`)
      }),
    ])
    const seconds = (performance.now() - began) / 1000
    if (result.outcome !== 'completed') {
      throw new Error(`the agent answered ${result.outcome}: ${result.detail} ${started.errors()}`)
    }
    const saved = await stat(join(inbox, 'bench-2GiB.bin'))
    if (saved.size !== FILE_BYTES) throw new Error(`the saved file has ${saved.size} bytes`)
    const megabytes = FILE_BYTES / 1e6
    return {
      megabytes,
      seconds,
      megabytesPerSecond: megabytes / seconds,
      serverPeakMB: await peakMB(server.pid),
      agentPeakMB: await peakMB(agent.pid ?? 0),
    }
  } finally {
    console?.close()
    if (agent?.pid !== undefined && agent.exitCode === null) process.kill(agent.pid, 'SIGTERM')
    await rm(folder, { recursive: true, force: true })
  }
}

export function formatFileTransfer(figures: FileTransferFigures): string {
  const within = (mb: number) => (mb < MEMORY_BOUND_MB ? 'ok' : `OVER ${MEMORY_BOUND_MB} MB`)
  return (
    `file transfer: ${(figures.megabytes / 1000).toFixed(2)} GB in ${figures.seconds.toFixed(1)} s = ` +
    `${figures.megabytesPerSecond.toFixed(0)} MB/s through the relay · peak memory: server ` +
    `${figures.serverPeakMB.toFixed(0)} MB (${within(figures.serverPeakMB)}), agent ` +
    `${figures.agentPeakMB.toFixed(0)} MB (${within(figures.agentPeakMB)})`
  )
}

/** Whether both processes stayed under the memory bound. */
export function isBounded(figures: FileTransferFigures): boolean {
  return figures.serverPeakMB < MEMORY_BOUND_MB && figures.agentPeakMB < MEMORY_BOUND_MB
}

async function main(): Promise<void> {
  const x = await startXDisplay(640, 480)
  const server = await startServer('sqlite')
  try {
    const admin = await setUpCompany(server)
    process.stdout.write('file transfer: 2 GiB through the relay to the agent…\n')
    const figures = await measureFileTransfer(server, admin, x)
    process.stdout.write(`${formatFileTransfer(figures)}\n`)
    if (!isBounded(figures)) process.exitCode = 1
  } finally {
    await server.stop()
    await x.stop()
  }
}

runAsScript(import.meta.url, main)
