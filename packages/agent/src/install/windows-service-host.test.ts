/**
 * The Windows service host, compiled and run for real: Mono's C# compiler with
 * `-langversion:5` (what Windows PowerShell's Add-Type compiles) and Mono's `mono-service`,
 * which runs a ServiceBase the way the Windows service manager does (OnStart, OnStop on
 * SIGTERM). A shell script stands in for tasuke-agent.exe beside the host.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { compileServiceHostCommand, SERVICE_HOST_SOURCE } from './windows-service-host.js'

const MCS = '/usr/bin/mcs'
const MONO_SERVICE = '/usr/bin/mono-service'
const TIMEOUT_MS = 60_000

describe('the Windows service host (C# source)', () => {
  it('names the agent beside it, the service, and the stopped-for-good exit code', () => {
    expect(SERVICE_HOST_SOURCE).toContain('"tasuke-agent.exe"')
    expect(SERVICE_HOST_SOURCE).toContain('ServiceName = "tasuke-agent"')
    expect(SERVICE_HOST_SOURCE).toContain('StoppedForGood = 78')
  })

  it('quotes a folder with an apostrophe for PowerShell', () => {
    const command = compileServiceHostCommand("C:\\Program Files\\O'Brien")
    expect(command.at(-1)).toContain("-Path 'C:\\Program Files\\O''Brien\\tasuke-service-host.cs'")
  })
})

describe.skipIf(!existsSync(MCS) || !existsSync(MONO_SERVICE))(
  'the Windows service host under Mono',
  { timeout: TIMEOUT_MS },
  () => {
    let dir = ''
    let run = 0

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tasuke-service-host-'))
      await writeFile(join(dir, 'tasuke-service-host.cs'), SERVICE_HOST_SOURCE)
      // Warnings are errors: what compiles here compiles in Add-Type without surprises.
      await promisify(execFile)(MCS, [
        '-langversion:5',
        '-warnaserror+',
        '-r:System.ServiceProcess.dll',
        `-out:${join(dir, 'tasuke-service-host.exe')}`,
        join(dir, 'tasuke-service-host.cs'),
      ])
    }, TIMEOUT_MS)

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    /** The stand-in agent: logs its arguments and pid, then sleeps or exits with `exitCode`. */
    const fakeAgent = async (behaviour: { exitCode: number } | 'sleeps') => {
      const body = behaviour === 'sleeps' ? 'exec sleep 60' : `exit ${String(behaviour.exitCode)}`
      await writeFile(
        join(dir, 'tasuke-agent.exe'),
        `#!/bin/sh\necho "started $* $$" >> '${join(dir, 'agent.log')}'\n${body}\n`,
      )
      await chmod(join(dir, 'tasuke-agent.exe'), 0o755)
      await rm(join(dir, 'agent.log'), { force: true })
    }

    /** Runs the host as a service; resolves with its exit code. */
    const host = () => {
      run += 1
      const child = spawn(
        MONO_SERVICE,
        ['--no-daemon', `-l:${join(dir, `lock-${String(run)}`)}`, 'tasuke-service-host.exe'],
        { cwd: dir, stdio: 'ignore' },
      )
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      return { child, exited }
    }

    const agentLog = async () =>
      existsSync(join(dir, 'agent.log')) ? await readFile(join(dir, 'agent.log'), 'utf8') : ''

    const waitForLog = async (pattern: RegExp) => {
      const deadline = Date.now() + 20_000
      for (;;) {
        const log = await agentLog()
        const match = pattern.exec(log)
        if (match !== null) return match
        if (Date.now() > deadline) throw new Error(`the agent never logged ${pattern.source}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }

    const isAlive = (pid: number) => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    }

    it('starts `tasuke-agent.exe service` and stops it with the service', async () => {
      await fakeAgent('sleeps')
      const { child, exited } = host()
      const started = await waitForLog(/^started service (\d+)$/m)
      const agentPid = Number(started[1])
      expect(isAlive(agentPid)).toBe(true)
      // mono-service listens for SIGTERM (its "stop") only a moment after OnStart returned;
      // a slow machine needs the margin (an early signal would kill it outright).
      await new Promise((resolve) => setTimeout(resolve, 4_000))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(isAlive(agentPid)).toBe(false)
    })

    it('[D4] stops for good (no restart) when the agent exits 78', async () => {
      await fakeAgent({ exitCode: 78 })
      const { exited } = host()
      expect(await exited).toBe(0)
      expect((await agentLog()).match(/started/g)).toHaveLength(1)
    })

    it('fails (so the service manager restarts it) when the agent exits otherwise', async () => {
      await fakeAgent({ exitCode: 1 })
      const { exited } = host()
      expect(await exited).toBe(1)
    })
  },
)
