import { spawn } from 'node:child_process'

import { describe, expect, it } from 'vitest'

import { type Spawner, browserCommand, openBrowser } from './open-browser.js'

const URL_ = 'http://127.0.0.1:41234/AbC-_09/'

/** Runs node instead of the opener, exiting with `code`; records what would have run. */
function fakeOpener(code: number, calls: string[][]): Spawner {
  return (command, args, options) => {
    calls.push([command, ...args])
    return spawn(process.execPath, ['-e', `process.exit(${code})`], options)
  }
}

describe('openBrowser', () => {
  it('uses the platform opener', () => {
    expect(browserCommand(URL_, 'linux')).toEqual({ command: 'xdg-open', args: [URL_] })
    expect(browserCommand(URL_, 'darwin')).toEqual({ command: 'open', args: [URL_] })
    expect(browserCommand(URL_, 'win32')).toEqual({
      command: 'cmd',
      args: ['/c', 'start', '""', URL_],
    })
  })

  it('reports success when the opener exits cleanly', async () => {
    const calls: string[][] = []
    const result = await openBrowser(URL_, { platform: 'linux', spawner: fakeOpener(0, calls) })
    expect(result).toEqual({ ok: true })
    expect(calls).toEqual([['xdg-open', URL_]])
  })

  it('reports, never throws, when the opener fails or is missing', async () => {
    const failed = await openBrowser(URL_, { platform: 'linux', spawner: fakeOpener(3, []) })
    expect(failed.ok).toBe(false)
    if (!failed.ok) expect(failed.error.message).toMatch(/exited with code 3/)

    const missing = await openBrowser(URL_, {
      spawner: (_command, args, options) => spawn('/nonexistent/opener', args, options),
    })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.message).toMatch(/ENOENT/)
  })

  it('opens nothing but a loopback consent page', async () => {
    const calls: string[][] = []
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:1/a&calc/',
      'file:///etc/passwd',
    ]) {
      const result = await openBrowser(url, { spawner: fakeOpener(0, calls) })
      expect(result.ok).toBe(false)
    }
    expect(calls).toEqual([])
  })
})
