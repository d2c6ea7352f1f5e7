/**
 * `npm run bench`: scripted workloads on a 1920x1080 Xvfb through the real agent, the real
 * relay and the real viewer page in headless Chromium, and the relay's own throughput. Prints
 * one row per workload: glass-to-glass latency p50/p95, frames painted per second, bytes per
 * second on the wire, agent CPU seconds and peak memory; then a 2 GiB file transfer to the
 * agent (MB/s and the server's and agent's peak memory). Bounded: about three minutes.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

import type { Browser, Page } from 'playwright-core'

import { AGENT_MAIN, CONSENT_URL } from '../e2e/support/agent-process.js'
import { launchBrowser } from '../e2e/support/browser.js'
import { certificateFingerprint } from '../e2e/support/certificate.js'
import { ADMIN, type AdminApi, setUpCompany } from '../e2e/support/company.js'
import { logIn } from '../e2e/support/console-page.js'
import { startServer, type TestServer } from '../e2e/support/start-server.js'
import { type XDisplay, startXDisplay, waitForWindow } from '../e2e/support/x-display.js'
import { formatBrowserFileTransfer, measureBrowserFileTransfer } from './file-transfer-browser.js'
import { formatFileTransfer, measureFileTransfer } from './file-transfer.js'
import { type Meter, meterScript } from './page-meter.js'
import { measureThroughput } from './relay-throughput.js'
import { type Change, type XProbe, openXProbe } from './x-probe.js'

const WIDTH = 1920
const HEIGHT = 1080
const WORKLOAD_MS = 6_000
const PASSWORD = 'correct horse battery staple'

interface Row {
  readonly name: string
  readonly latencies: number[]
  readonly fps: number
  readonly bytesPerSecond: number
  readonly cpuSeconds: number
  readonly peakRssMB: number
}

interface Bench {
  readonly x: XDisplay
  readonly probe: XProbe
  readonly page: Page
  readonly agent: ChildProcess
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null
}

function isSameColour(a: number, b: number): boolean {
  for (const shift of [16, 8, 0]) {
    if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 24) return false
  }
  return true
}

/** ms from each change to the first paint of its colour on its square. */
function latencies(
  changes: readonly Change[],
  meter: Meter,
  square: 'changing' | 'clickable',
  startTimes: readonly number[] = changes.map((change) => change.at),
): number[] {
  const result: number[] = []
  changes.forEach((change, index) => {
    const from = startTimes[index] ?? change.at
    const paint = meter.samples.find(
      (sample) =>
        sample.square === square && sample.at >= from && isSameColour(sample.colour, change.colour),
    )
    if (paint !== undefined) result.push(paint.at - from)
  })
  return result
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of the whole line (11 and 12 after the name).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function rssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  return Number(match?.[1] ?? 0) / 1024
}

const readMeter = (page: Page): Promise<Meter> =>
  page.evaluate(() => {
    const meter = window.__meter
    if (meter === undefined) throw new Error('the page meter is not installed')
    return { ...meter, samples: [...meter.samples], presses: [...meter.presses] }
  })

/** Runs `work` for a workload while sampling the agent; the meter is read before and after. */
async function measure(
  bench: Bench,
  name: string,
  work: (until: number) => Promise<number[]>,
): Promise<Row> {
  const pid = bench.agent.pid ?? 0
  const before = await readMeter(bench.page)
  const cpuBefore = await cpuSeconds(pid)
  let peak = await rssMB(pid)
  const sampler = setInterval(() => {
    rssMB(pid).then(
      (mb) => (peak = Math.max(peak, mb)),
      () => undefined,
    )
  }, 100)
  const started = performance.now()
  const measured = await work(started + WORKLOAD_MS)
  const seconds = (performance.now() - started) / 1000
  // Let the last changes arrive before reading the meter.
  await sleep(500)
  clearInterval(sampler)
  const after = await readMeter(bench.page)
  return {
    name,
    latencies: measured,
    fps: (after.paintedFrames - before.paintedFrames) / seconds,
    bytesPerSecond: (after.bytes - before.bytes) / seconds,
    cpuSeconds: (await cpuSeconds(pid)) - cpuBefore,
    peakRssMB: peak,
  }
}

/** Changes the probe square every 250 ms until `until` and times each change's arrival. */
async function probeChanges(bench: Bench, until: number): Promise<number[]> {
  const changes: Change[] = []
  while (performance.now() < until) {
    changes.push(await bench.probe.change())
    await sleep(250)
  }
  await sleep(400)
  return latencies(changes, await readMeter(bench.page), 'changing')
}

async function withXterm<T>(bench: Bench, script: string, body: (id: string) => Promise<T>) {
  const xterm = bench.x.launch('xterm', ['-geometry', '110x40+120+80', '-e', 'bash', '-c', script])
  try {
    const id = await waitForWindow(bench.x, 'xterm')
    return await body(id)
  } finally {
    if (xterm.pid !== undefined && xterm.exitCode === null) process.kill(xterm.pid, 'SIGTERM')
    await sleep(300)
  }
}

async function workloads(bench: Bench): Promise<Row[]> {
  const rows: Row[] = []
  rows.push(
    await measure(bench, 'idle', async (until) => {
      await sleep(until - performance.now())
      return []
    }),
  )
  rows.push(await measure(bench, 'small change', (until) => probeChanges(bench, until)))
  rows.push(
    await measure(bench, 'click', async (until) => {
      const canvas = bench.page.locator('canvas').first()
      const box = await canvas.boundingBox()
      if (box === null) throw new Error('the viewer canvas is not visible')
      const square = bench.probe.clickable
      const scale = box.width / WIDTH
      const x = box.x + (square.x + square.size / 2) * scale
      const y = box.y + (square.y + square.size / 2) * scale
      const pressesBefore = (await readMeter(bench.page)).presses.length
      const changesBefore = bench.probe.clickChanges.length
      while (performance.now() < until) {
        await bench.page.mouse.click(x, y)
        await sleep(300)
      }
      await sleep(400)
      const meter = await readMeter(bench.page)
      const presses = meter.presses.slice(pressesBefore)
      const changes = bench.probe.clickChanges.slice(changesBefore)
      return latencies(changes, meter, 'clickable', presses)
    }),
  )
  rows.push(
    await withXterm(bench, 'cat > /dev/null', async (id) => {
      await bench.x.xdotool('windowfocus', '--sync', id)
      return measure(bench, 'typing (xterm)', async (until) => {
        const typing = bench.x.xdotool(
          'type',
          '--delay',
          '80',
          'The quick brown fox jumps over the lazy dog 0123456789 '.repeat(3),
        )
        const result = await probeChanges(bench, until)
        await typing.catch(() => undefined)
        return result
      })
    }),
  )
  rows.push(
    await withXterm(
      bench,
      'while :; do for i in $(seq 1 20); do echo "line $i $(date +%s%N) lorem ipsum dolor sit amet, consectetur adipiscing elit"; done; sleep 0.1; done',
      () => measure(bench, 'scrolling 200 lines/s', (until) => probeChanges(bench, until)),
    ),
  )
  rows.push(
    await withXterm(bench, 'sleep 60', async (id) =>
      measure(bench, 'window drag', async (until) => {
        const dragging = (async () => {
          let step = 0
          while (performance.now() < until) {
            step += 1
            const x = 120 + Math.round(400 * Math.abs(Math.sin(step / 30)))
            await bench.x.xdotool('windowmove', id, String(x), String(80 + (step % 60)))
            await sleep(33)
          }
        })()
        const result = await probeChanges(bench, until)
        await dragging
        return result
      }),
    ),
  )
  rows.push(
    await measure(bench, 'full-screen changes', async (until) => {
      const changes: Change[] = []
      let n = 0
      while (performance.now() < until) {
        changes.push(await bench.probe.paintFullScreen(n))
        n += 1
        await sleep(300)
      }
      await sleep(600)
      bench.probe.hideFullScreen()
      return latencies(changes, await readMeter(bench.page), 'changing')
    }),
  )
  return rows
}

function startAgentOn(x: XDisplay, server: TestServer, code: string, fingerprint: string) {
  const agent = spawn(
    process.execPath,
    [
      AGENT_MAIN,
      '--server',
      server.url,
      '--code',
      code,
      '--fingerprint',
      fingerprint,
      '--lang',
      'ja',
      '--no-browser',
    ],
    { env: x.env, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const consentUrl = new Promise<string>((resolve, reject) => {
    let out = ''
    agent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const match = CONSENT_URL.exec(out)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    agent.once('exit', (code) => {
      reject(new Error(`the agent exited with ${String(code)}: ${out}`))
    })
  })
  return { agent, consentUrl }
}

function format(rows: readonly Row[]): string {
  const ms = (value: number | null) => (value === null ? '-' : value.toFixed(0))
  const lines = [
    'workload                 latency p50/p95 ms   n    fps   wire KB/s  agent CPU s  agent peak MB',
  ]
  for (const row of rows) {
    lines.push(
      [
        row.name.padEnd(24),
        `${ms(percentile(row.latencies, 50))} / ${ms(percentile(row.latencies, 95))}`.padStart(18),
        String(row.latencies.length).padStart(4),
        row.fps.toFixed(1).padStart(6),
        (row.bytesPerSecond / 1024).toFixed(1).padStart(10),
        row.cpuSeconds.toFixed(2).padStart(12),
        row.peakRssMB.toFixed(0).padStart(14),
      ].join(' '),
    )
  }
  return lines.join('\n')
}

async function main(): Promise<void> {
  const x = await startXDisplay(WIDTH, HEIGHT)
  let server: TestServer | null = null
  let browser: Browser | null = null
  let agent: ChildProcess | null = null
  let probe: XProbe | null = null
  try {
    server = await startServer('sqlite')
    const admin: AdminApi = await setUpCompany(server)
    const fingerprint = await certificateFingerprint(server.url)

    process.stdout.write('relay throughput (64 KiB messages, 3 s each)…\n')
    const throughput = await measureThroughput(server, admin)
    process.stdout.write('file transfer (2 GiB through the relay to the agent)…\n')
    const fileTransfer = await measureFileTransfer(server, admin, x)

    probe = await openXProbe(x.display)
    browser = await launchBrowser()
    const operator = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'ja-JP',
      viewport: { width: WIDTH, height: HEIGHT + 200 },
    })
    await operator.addInitScript({
      content: meterScript({ changing: probe.changing, clickable: probe.clickable }),
    })
    const page = await operator.newPage()
    await logIn(page, server.url, ADMIN.email, PASSWORD)
    const { session } = (await admin.post('/sessions', { expiresInMinutes: 30 })) as {
      session: { id: string; code: string }
    }
    await page.goto(`${server.url}/sessions/${session.id}/view`)

    const started = startAgentOn(x, server, session.code, fingerprint)
    agent = started.agent
    const consent = await (await browser.newContext({ locale: 'ja-JP' })).newPage()
    await consent.goto(await started.consentUrl)
    await consent.getByRole('button', { name: '承諾' }).click()
    try {
      await page.waitForFunction(() => (window.__meter?.paints ?? 0) > 0, undefined, {
        timeout: 30_000,
      })
    } catch (error) {
      const text = await page
        .locator('main')
        .innerText()
        .catch(() => '(no main)')
      const meter = await page.evaluate(() => JSON.stringify(window.__meter)).catch(() => '')
      throw new Error(`the viewer painted nothing; it shows: ${text}; meter ${meter}`, {
        cause: error,
      })
    }
    await sleep(1_000)

    process.stdout.write(`workloads on Xvfb ${WIDTH}x${HEIGHT}, ${WORKLOAD_MS / 1000} s each…\n`)
    const rows = await workloads({ x, probe, page, agent })
    process.stdout.write('file transfer in the operator’s browser (1 GiB to, 256 MiB from)…\n')
    const browserTransfer = await measureBrowserFileTransfer(server, admin, x, browser)
    process.stdout.write(`\n${format(rows)}\n\n`)
    process.stdout.write(
      `relay throughput: ${throughput.relayMBps.toFixed(0)} MB/s through the relay (wss, TLS) · ` +
        `${throughput.directMBps.toFixed(0)} MB/s direct loopback WebSocket forward (ws, no TLS)\n`,
    )
    process.stdout.write(`${formatFileTransfer(fileTransfer)}\n`)
    process.stdout.write(`${formatBrowserFileTransfer(browserTransfer)}\n`)
  } finally {
    probe?.close()
    if (agent?.pid !== undefined && agent.exitCode === null) process.kill(agent.pid, 'SIGTERM')
    await browser?.close()
    await server?.stop()
    await x.stop()
  }
}

const deadline = setTimeout(() => {
  process.stderr.write('bench: gave up after 8 minutes\n')
  process.exit(1)
}, 480_000)
deadline.unref()

main().then(
  () => {
    process.exit(0)
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
