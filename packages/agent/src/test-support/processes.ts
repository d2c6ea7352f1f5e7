/** Child processes started by tests (xterm, xdotool), always stopped by PID. */
import { type ChildProcess, execFile, spawn } from 'node:child_process'

export interface Child {
  readonly process: ChildProcess
  stop(): Promise<void>
}

export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { env, stdio: 'ignore' })
  return {
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
          resolve()
          return
        }
        child.once('exit', () => {
          resolve()
        })
        process.kill(child.pid, 'SIGTERM')
      }),
  }
}

/** Runs a command to completion and returns its standard output. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 10_000 }, (error, stdout) => {
      if (error === null) resolve(stdout)
      else reject(new Error(`${command} failed: ${error.message}`))
    })
  })
}
