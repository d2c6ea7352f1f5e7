/**
 * Opens the consent page in the customer's default browser. Failures are reported, never
 * thrown: the agent then prints the address for the customer to open.
 * @module
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'

export type OpenBrowserResult =
  { readonly ok: true } | { readonly ok: false; readonly error: Error }

/** Starts a process; `child_process.spawn` unless a test passes its own. */
export type Spawner = (command: string, args: string[], options: SpawnOptions) => ChildProcess

export interface OpenBrowserOptions {
  readonly platform?: NodeJS.Platform
  readonly spawner?: Spawner
}

/** The command that opens `url` on `platform`, e.g. `xdg-open <url>` on Linux. */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform,
): { readonly command: string; readonly args: string[] } {
  // `start` is a cmd built-in; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] }
  if (platform === 'darwin') return { command: 'open', args: [url] }
  return { command: 'xdg-open', args: [url] }
}

// Only our own loopback page is ever opened: the address goes through cmd on Windows, so it
// must not carry anything a shell would read (the token is base64url).
const LOCAL_PAGE = /^http:\/\/(127\.0\.0\.1|localhost):[0-9]{1,5}\/[A-Za-z0-9_-]+\/$/

/**
 * Opens `url` with the platform's opener, detached. Resolves once the opener has exited
 * (or failed to start); an opener that stays running leaves the promise pending.
 */
export function openBrowser(
  url: string,
  options: OpenBrowserOptions = {},
): Promise<OpenBrowserResult> {
  if (!LOCAL_PAGE.test(url)) {
    return Promise.resolve({ ok: false, error: new Error(`refusing to open ${url}`) })
  }
  const { command, args } = browserCommand(url, options.platform ?? process.platform)
  const spawner = options.spawner ?? spawn
  return new Promise((resolve) => {
    let child: ChildProcess
    try {
      child = spawner(command, args, {
        detached: true,
        stdio: 'ignore',
        windowsHide: true,
        windowsVerbatimArguments: command === 'cmd',
      })
    } catch (error) {
      resolve({ ok: false, error: error instanceof Error ? error : new Error(String(error)) })
      return
    }
    child.once('error', (error) => {
      resolve({ ok: false, error: new Error(`could not run ${command}: ${error.message}`) })
    })
    child.once('exit', (code, signal) => {
      if (code === 0) resolve({ ok: true })
      else {
        const how = code === null ? `signal ${String(signal)}` : `code ${code}`
        resolve({ ok: false, error: new Error(`${command} exited with ${how}`) })
      }
    })
    child.unref()
  })
}
