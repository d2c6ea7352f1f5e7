/** Runs the customer's program as a real process and follows what it prints. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'

import { REPO_ROOT } from './start-server.js'

export const AGENT_MAIN = join(REPO_ROOT, 'packages/agent/dist/main.js')
const WAIT_MS = 30_000

export interface AgentProcess {
  /** Resolves with the first stdout match of `pattern` (waits for it). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>
  /** Resolves when the process exited. */
  readonly exited: Promise<{ exitCode: number | null; stdout: string; stderr: string }>
  kill(): void
}

/**
 * Starts the agent from its build output, or the single executable when given. It gets only
 * `PATH` from this process's environment, plus `env` (e.g. `DISPLAY`).
 */
export function startAgent(
  args: readonly string[],
  executable?: string,
  env: NodeJS.ProcessEnv = {},
): AgentProcess {
  const [command, prefix] =
    executable === undefined ? [process.execPath, [AGENT_MAIN]] : [executable, []]
  const child = spawn(command, [...prefix, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', ...env },
  })
  let stdout = ''
  let stderr = ''
  const listeners = new Set<() => void>()
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
    for (const listener of listeners) listener()
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise<{ exitCode: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject)
      child.on('close', (exitCode) => {
        for (const listener of listeners) listener()
        resolve({ exitCode, stdout, stderr })
      })
    },
  )
  return {
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          done()
          reject(
            new Error(`agent never printed ${pattern.source}; stdout: ${stdout} stderr: ${stderr}`),
          )
        }, WAIT_MS)
        const check = () => {
          const match = pattern.exec(stdout)
          if (match !== null) {
            done()
            resolve(match)
          } else if (child.exitCode !== null) {
            done()
            reject(new Error(`agent exited ${child.exitCode}; stdout: ${stdout} stderr: ${stderr}`))
          }
        }
        const done = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      }),
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM')
    },
  }
}

/** Runs the agent to its end. */
export function runAgent(args: readonly string[], executable?: string) {
  return startAgent(args, executable).exited
}

/** The consent window's address, as the agent prints it. */
export const CONSENT_URL = /(http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/)/
