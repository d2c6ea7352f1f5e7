/**
 * The installed agent, real parts only (docs/installed-agent.md): the built server, the
 * customer's single executable, an Xvfb display with an xterm, the console in Chromium. The
 * admin creates an enrolment token in the console; `tasuke-agent install` runs as root with
 * TASUKE_INSTALL_ROOT=<tmp> (systemd does not run on this machine, so the test runs the
 * installed unit's ExecStart with its Environment= under a tiny supervisor that restarts it
 * when it exits, as Restart=always would, and not after exit code 78, as
 * RestartPreventExitStatus=78 would). The computer shows online in 端末; with the company's
 * policy `connect` the operator's 接続 shows the screen at once; キャンセル (Stop) in the agent's
 * window ends it; a killed service is restarted and comes back online; `uninstall` leaves no
 * file under the root and the service stops for good; bad and replayed tokens install nothing.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AGENT_BUILD_TIMEOUT_MS, linuxAgentBuild } from './support/agent-executable.js'
import { launchBrowser, newContext } from './support/browser.js'
import { certificateFingerprint } from './support/certificate.js'
import { ADMIN, setUpCompany } from './support/company.js'
import { logIn, screenshot, UI_TIMEOUT_MS, watchForProblems } from './support/console-page.js'
import { expectViewerShowsScreen, waitForViewerEnd } from './support/operator-viewer.js'
import { startServer, type TestServer } from './support/start-server.js'
import { startTerminal } from './support/terminal-window.js'
import { startXDisplay, type XDisplay } from './support/x-display.js'

const PASSWORD = 'correct horse battery staple'
const DEVICE_NAME = 'reception-pc'
const AGENT_WINDOW =
  /Answer the request in your browser\. If no window opened, open: (http:\/\/127\.0\.0\.1:\d+\/\S+)/g

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

async function runAgent(executable: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(executable, args, {
      env: { PATH: process.env['PATH'] ?? '', LANG: 'en_US.UTF-8', ...env },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? null, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

async function listFiles(root: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else found.push(relative(root, path))
    }
  }
  await walk(root)
  return found.sort()
}

/** What systemd would do with the unit: run ExecStart with its Environment=, restart it when it exits. */
interface Supervisor {
  /** Every process started so far, newest last. */
  readonly children: ChildProcess[]
  /** Everything the service wrote to stderr, all runs. */
  log(): string
  /** Resolves when the service exited with `code` and was not restarted. */
  readonly stoppedForGood: Promise<number>
  stop(): Promise<void>
}

function supervise(unit: string, extraEnv: NodeJS.ProcessEnv): Supervisor {
  const line = unit.split('\n').find((candidate) => candidate.startsWith('ExecStart=')) ?? ''
  const [command = '', ...args] = line.slice('ExecStart='.length).split(' ')
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', ...extraEnv }
  for (const setting of unit
    .split('\n')
    .filter((candidate) => candidate.startsWith('Environment='))) {
    const value = setting.slice('Environment="'.length, -1)
    const equals = value.indexOf('=')
    env[value.slice(0, equals)] = value.slice(equals + 1)
  }
  const preventExit = Number(/^RestartPreventExitStatus=(\d+)$/m.exec(unit)?.[1] ?? NaN)
  const restartMs = Number(/^RestartSec=(\d+)$/m.exec(unit)?.[1] ?? '5') * 1_000
  const children: ChildProcess[] = []
  let output = ''
  let stopping = false
  let stoppedForGood: (code: number) => void = () => undefined
  const stopped = new Promise<number>((resolve) => (stoppedForGood = resolve))
  const start = () => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    children.push(child)
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    child.on('exit', (code) => {
      if (stopping) return
      if (code === preventExit) {
        stoppedForGood(code)
        return
      }
      setTimeout(() => {
        if (!stopping) start()
      }, restartMs)
    })
  }
  start()
  return {
    children,
    log: () => output,
    stoppedForGood: stopped,
    stop: async () => {
      stopping = true
      const last = children.at(-1)
      if (last === undefined || last.exitCode !== null || last.signalCode !== null) return
      await new Promise<void>((resolve) => {
        last.once('exit', () => {
          resolve()
        })
        last.kill('SIGTERM')
      })
    },
  }
}

/** The `count`-th match (from 1) of `pattern` (global, one group) in the service's log, waited for. */
async function waitForLog(running: Supervisor, pattern: RegExp, count: number): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT_MS
  for (;;) {
    const found = [...running.log().matchAll(pattern)][count - 1]?.[1]
    if (found !== undefined) return found
    if (Date.now() > deadline) {
      throw new Error(`the service never logged ${pattern.source}:\n${running.log()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the installed agent as a service', () => {
  let x: XDisplay
  let server: TestServer
  let browser: Browser
  let page: Page
  let problems: () => readonly string[]
  let executable = ''
  let fingerprint = ''
  let root = ''
  let supervisor: Supervisor | undefined
  const env = () => ({ TASUKE_INSTALL_ROOT: root })
  const row = (status?: string) =>
    page.locator(
      `tr[data-device-name="${DEVICE_NAME}"]${status === undefined ? '' : `[data-status="${status}"]`}`,
    )

  /** Creates an enrolment token in the console, as the admin would, and reads it off the page. */
  const createToken = async (): Promise<string> => {
    await page.goto(`${server.url}/devices`)
    await page.getByRole('button', { name: 'Create token' }).click()
    const shown = page.getByTestId('enrolment-token')
    await shown.waitFor()
    const token = (await shown.textContent()) ?? ''
    expect(await page.getByTestId('enrolment-command').textContent()).toBe(
      `tasuke-agent install --server ${server.url} --token ${token}`,
    )
    return token
  }

  /** `tasuke-agent install` with the console's token, for this display, under the test root. */
  const installWith = (token: string) =>
    runAgent(
      executable,
      [
        'install',
        '--server',
        server.url,
        '--token',
        token,
        '--fingerprint',
        fingerprint,
        '--name',
        DEVICE_NAME,
        '--display',
        x.display,
      ],
      env(),
    )

  /**
   * Saves the company's access policy in 端末, as the admin would, once the form shows the
   * saved one (`from`): a choice made before the form loaded would be overwritten.
   */
  const saveCompanyPolicy = async (from: string, mode: string, seconds?: number) => {
    await expect
      .poll(() => page.locator('#company-policy-mode').inputValue(), { timeout: UI_TIMEOUT_MS })
      .toBe(from)
    await page.locator('#company-policy-mode').selectOption(mode)
    if (seconds !== undefined) await page.locator('#company-policy-seconds').fill(String(seconds))
    await page
      .locator('form', { has: page.locator('#company-policy-mode') })
      .getByRole('button', { name: 'Save' })
      .click()
  }

  beforeAll(async () => {
    executable = join(await linuxAgentBuild(), 'tasuke-agent-linux-x64')
    x = await startXDisplay(1024, 768)
    await startTerminal(x, `PS1='$ ' exec bash --norc --noprofile`)
    root = await mkdtemp(join(tmpdir(), 'tasuke-installed-'))
    server = await startServer('sqlite', { DEVICE_ONLINE_SECONDS: '3' })
    fingerprint = await certificateFingerprint(server.url)
    await setUpCompany(server)
    browser = await launchBrowser()
    page = await (await newContext(browser, 'en-US')).newPage()
    await page.setViewportSize({ width: 1400, height: 1100 })
    page.setDefaultTimeout(UI_TIMEOUT_MS)
    problems = watchForProblems(page)
    await logIn(page, server.url, ADMIN.email, PASSWORD)
  }, AGENT_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    await supervisor?.stop()
    await (browser as Browser | undefined)?.close()
    await (server as TestServer | undefined)?.stop()
    await (x as XDisplay | undefined)?.stop()
    if (root !== '') await rm(root, { recursive: true, force: true })
  })

  it('a bad token is refused with a clear message and installs nothing', async () => {
    const run = await runAgent(
      executable,
      [
        'install',
        '--server',
        server.url,
        '--token',
        `tse_${'x'.repeat(43)}`,
        '--fingerprint',
        fingerprint,
      ],
      env(),
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('This enrolment token does not exist.')
    expect(run.stderr).toContain('Nothing was installed.')
    expect(await listFiles(root)).toEqual([])
  })

  it('installs with the console’s token and the service shows online in 端末', async () => {
    const token = await createToken()
    const run = await installWith(token)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`This computer is enrolled as "${DEVICE_NAME}"`)
    expect(run.stdout).toContain('systemctl enable --now tasuke-agent')
    expect(await listFiles(root)).toEqual([
      'etc/systemd/system/tasuke-agent.service',
      'etc/tasuke-agent/device.json',
      'opt/tasuke-agent/tasuke-agent',
    ])
    const unit = await readFile(join(root, 'etc/systemd/system/tasuke-agent.service'), 'utf8')
    expect(unit).toContain('Restart=always')
    // A restart of the computer restarts the service here: the supervisor brings it back
    // RestartSec later, as the computer's boot would (SPEC.md D5).
    supervisor = supervise(unit, {
      TASUKE_NO_BROWSER: '1',
      TASUKE_RESTART_COMMAND: 'kill -9 $PPID',
    })
    await page.goto(`${server.url}/devices`)
    await row('online').waitFor()
    await row().getByText('Always asks').waitFor()
    // The company's policy: connect without asking.
    await saveCompanyPolicy('always-ask', 'connect')
    await row().getByText('Connects without asking').waitFor()
    await expect
      .poll(async () => (await runAgent(executable, ['status'], env())).stdout, {
        timeout: UI_TIMEOUT_MS,
      })
      .toMatch(/Company: Example Support[\s\S]*Online: yes/)

    // Replaying the used token on another computer installs nothing.
    const other = await mkdtemp(join(tmpdir(), 'tasuke-installed-other-'))
    try {
      const replay = await runAgent(
        executable,
        ['install', '--server', server.url, '--token', token, '--fingerprint', fingerprint],
        { TASUKE_INSTALL_ROOT: other },
      )
      expect(replay.code).toBe(1)
      expect(replay.stderr).toContain(
        'already been used to enrol a computer; each token works once',
      )
      expect(await listFiles(other)).toEqual([])
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })

  it('[D3] the operator’s 接続 shows the screen at once with policy connect; Stop in the agent’s window ends it', async () => {
    const running = supervisor
    if (running === undefined) throw new Error('the service is not running')
    await page.goto(`${server.url}/devices`)
    await row('online').getByTestId('device-connect').click()
    await page.waitForURL('**/view')
    await expectViewerShowsScreen(page, x).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice log:\n${running.log()}`)
    })
    const url = await waitForLog(running, AGENT_WINDOW, 1)
    const window = await (await newContext(browser, 'en-US')).newPage()
    await window.goto(url)
    await window.getByRole('button', { name: 'End session' }).click({ timeout: UI_TIMEOUT_MS })
    await waitForViewerEnd(page, 'customer')
    await window.close()
  })

  it('[D3] ask-then-connect: the agent’s window counts down and connects when nobody answers', async () => {
    const running = supervisor
    if (running === undefined) throw new Error('the service is not running')
    await page.goto(`${server.url}/devices`)
    await row().getByText('Connects without asking').waitFor()
    await saveCompanyPolicy('connect', 'ask-then-connect', 6)
    await row().getByText('Asks, connects after 6 s').waitFor()
    await row('online').getByTestId('device-connect').click()
    await page.waitForURL('**/view')
    const url = await waitForLog(running, AGENT_WINDOW, 2)
    const window = await (await newContext(browser, 'en-US')).newPage()
    await window.goto(url)
    const countdown = window.locator('#auto-answer[data-answer="accept"]')
    await countdown.waitFor({ timeout: UI_TIMEOUT_MS })
    expect(await countdown.textContent()).toMatch(
      /^If nobody answers, the connection starts by itself in [1-6] s\.$/,
    )
    const first = Number(await countdown.getAttribute('data-seconds'))
    await expect
      .poll(async () => Number(await countdown.getAttribute('data-seconds')), { timeout: 5_000 })
      .toBeLessThan(first)
    // Nobody answers: the operator sees the screen once the wait is over.
    await expectViewerShowsScreen(page, x)
    await window.getByRole('button', { name: 'End session' }).click({ timeout: UI_TIMEOUT_MS })
    await waitForViewerEnd(page, 'customer')
    await window.close()
  })

  it('[D5] the operator restarts the computer; the session waits for the desktop and comes back by itself without asking again', async () => {
    const running = supervisor
    if (running === undefined) throw new Error('the service is not running')
    await page.goto(`${server.url}/devices`)
    await row('online').getByTestId('device-connect').click()
    await page.waitForURL('**/view')
    // The policy asks now (the test before set it): the customer accepts.
    const url = await waitForLog(running, AGENT_WINDOW, 3)
    const window = await (await newContext(browser, 'en-US')).newPage()
    await window.goto(url)
    await window.getByRole('button', { name: 'Accept' }).click({ timeout: UI_TIMEOUT_MS })
    await expectViewerShowsScreen(page, x)
    const before = running.children.length
    await page.getByRole('button', { name: 'Restart computer' }).click()
    await page.getByRole('button', { name: 'Restart', exact: true }).click()
    await window
      .getByText('restarting this computer; it reconnects by itself after the restart')
      .waitFor({ timeout: UI_TIMEOUT_MS })
    await screenshot(window, 'agent-restarting-en.png')
    await page
      .locator('[data-testid="viewer-state"][data-phase="peer-away"]', {
        hasText: 'The customer’s computer is restarting.',
      })
      .waitFor({ timeout: UI_TIMEOUT_MS })
    await screenshot(page, 'viewer-restarting-en.png')
    await window.close()
    // The computer comes back before its desktop: the display does not answer (held), and the
    // service, started again after the restart, waits for it with the session.
    x.freeze()
    try {
      await expect.poll(() => running.children.length, { timeout: 30_000 }).toBe(before + 1)
      await waitForLog(running, /(waits up to \d+ s for the display)/g, 1)
    } finally {
      x.thaw()
    }
    await expectViewerShowsScreen(page, x).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice log:\n${running.log()}`)
    })
    expect(running.log()).toMatch(/session of .+ resumed/)
    expect(running.log()).not.toMatch(/refused: no display/)
    // The resumed session's window has the Stop; it ends the session as before.
    const resumed = await (await newContext(browser, 'en-US')).newPage()
    await resumed.goto(await waitForLog(running, AGENT_WINDOW, 4))
    expect(await resumed.getByRole('button', { name: 'Accept' }).count()).toBe(0)
    await resumed.getByRole('button', { name: 'End session' }).click({ timeout: UI_TIMEOUT_MS })
    await waitForViewerEnd(page, 'customer')
    await resumed.close()
  })

  it('a killed service is restarted and comes back online', async () => {
    const running = supervisor
    if (running === undefined) throw new Error('the service is not running')
    const before = running.children.length
    const onlineBefore = running.log().split('online as').length
    running.children.at(-1)?.kill('SIGKILL')
    await expect.poll(() => running.children.length, { timeout: 30_000 }).toBe(before + 1)
    await expect
      .poll(() => running.log().split('online as').length, { timeout: 30_000 })
      .toBe(onlineBefore + 1)
    await page.goto(`${server.url}/devices`)
    await row('online').waitFor()
    expect(running.children.length).toBe(before + 1)
  })

  it('uninstall leaves no file under the root and the service stops for good', async () => {
    const running = supervisor
    if (running === undefined) throw new Error('the service is not running')
    const run = await runAgent(executable, ['uninstall'], env())
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('The support company’s server was told that this computer left.')
    expect(run.stdout).toContain('tasuke-agent is removed from this computer')
    expect(await running.stoppedForGood).toBe(78)
    expect(running.log()).toContain('revoked this computer; the service stops for good')
    expect(await listFiles(root)).toEqual([])
    const status = await runAgent(executable, ['status'], env())
    expect(status.stdout).toContain('tasuke-agent is not installed on this computer.')
    expect(problems()).toEqual([])
  })

  it('after an unattended session, `status` names the company and lists it with the operator; --window shows it', async () => {
    const token = await createToken()
    const install = await installWith(token)
    expect(install.code).toBe(0)
    const unit = await readFile(join(root, 'etc/systemd/system/tasuke-agent.service'), 'utf8')
    const running = supervise(unit, { TASUKE_NO_BROWSER: '1' })
    supervisor = running
    const before = await runAgent(executable, ['status'], env())
    expect(before.stdout).toContain('Connection history: none yet')

    await page.goto(`${server.url}/devices`)
    await row('online').waitFor()
    // The test before left the company asking (ask-then-connect 6 s).
    await saveCompanyPolicy('ask-then-connect', 'connect')
    await row().getByText('Connects without asking').waitFor()
    await row('online').getByTestId('device-connect').click()
    await page.waitForURL('**/view')
    await expectViewerShowsScreen(page, x)
    const url = await waitForLog(running, AGENT_WINDOW, 1)
    const window = await (await newContext(browser, 'en-US')).newPage()
    await window.goto(url)
    await window
      .locator('#installed-for', { hasText: 'Installed for remote support by Example Support' })
      .waitFor({ timeout: UI_TIMEOUT_MS })
    await window.getByRole('button', { name: 'End session' }).click({ timeout: UI_TIMEOUT_MS })
    await waitForViewerEnd(page, 'customer')
    await screenshot(window, 'agent-installed-note-en.png')
    // The window's link opens the service's own "About this computer" with the history.
    const historyUrl = (await window.locator('#history-link').getAttribute('href')) ?? ''
    expect(historyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/\?lang=en$/)
    await window.goto(historyUrl)
    await window.locator('#history tbody tr', { hasText: ADMIN.name }).waitFor()
    expect(await window.locator('#installed-for').textContent()).toBe(
      'This computer is installed for remote support by Example Support',
    )
    await window.close()

    const after = await runAgent(executable, ['status'], env())
    expect(after.code).toBe(0)
    expect(after.stdout).toContain('Company: Example Support')
    expect(after.stdout).toContain('Access: Connect at once')
    expect(after.stdout).toMatch(
      new RegExp(`^  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}  ${ADMIN.name}  .+  completed$`, 'm'),
    )

    // `status --window` serves the same page while it runs (TASUKE_NO_BROWSER=1: the address).
    const shown = spawn(executable, ['status', '--window'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        LANG: 'en_US.UTF-8',
        TASUKE_NO_BROWSER: '1',
        ...env(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let printed = ''
      shown.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8')
      })
      let aboutUrl = ''
      await expect
        .poll(
          () => {
            aboutUrl = /(http:\/\/127\.0\.0\.1:\d+\/\S+\/)/.exec(printed)?.[1] ?? ''
            return aboutUrl
          },
          { timeout: UI_TIMEOUT_MS },
        )
        .not.toBe('')
      const about = await (await newContext(browser, 'ja-JP')).newPage()
      await about.goto(`${aboutUrl}?lang=ja`)
      expect(await about.locator('#installed-for').textContent()).toBe(
        'このコンピューターは Example Support のリモートサポート用にインストールされています',
      )
      await about.locator('#history tbody tr', { hasText: ADMIN.name }).waitFor()
      expect(await about.locator('#policy').textContent()).toContain('すぐに接続')
      await screenshot(about, 'agent-about-ja.png')
      await about.close()
    } finally {
      if (shown.exitCode === null && shown.signalCode === null) {
        const exited = new Promise((resolve) => shown.once('exit', resolve))
        shown.kill('SIGINT')
        await exited
      }
    }
    expect(shown.exitCode).toBe(0)

    const removed = await runAgent(executable, ['uninstall'], env())
    expect(removed.code).toBe(0)
    expect(await running.stoppedForGood).toBe(78)
    expect(problems()).toEqual([])
  })
})
