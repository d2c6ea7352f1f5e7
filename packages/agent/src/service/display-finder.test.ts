/**
 * The installed service finding its display after a restart, against a real Xvfb that admits
 * only clients with its cookie (`-auth`), as a desktop's X server does.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { run } from '../test-support/processes.js'
import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import type { DisplayCandidate } from '../x11/display-candidates.js'
import { displayFinder } from './display-finder.js'

describe('displayFinder', () => {
  let dir: string
  let xvfb: Xvfb
  /** The desktop's authority file, with the server's cookie. */
  let cookieFile: string
  /** An authority file with another cookie: the server refuses it. */
  let wrongFile: string
  const env = { PATH: process.env['PATH'] ?? '' }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tasuke-display-finder-'))
    const cookie = randomBytes(16).toString('hex')
    const serverFile = join(dir, 'server')
    // The server takes every cookie of its file, whatever display the entry names.
    await run('xauth', ['-f', serverFile, 'add', ':0', '.', cookie], env)
    xvfb = await startXvfb('320x200', ['-auth', serverFile])
    cookieFile = join(dir, 'desktop')
    await run('xauth', ['-f', cookieFile, 'add', xvfb.display, '.', cookie], env)
    wrongFile = join(dir, 'wrong')
    await run(
      'xauth',
      ['-f', wrongFile, 'add', xvfb.display, '.', randomBytes(16).toString('hex')],
      env,
    )
  })

  afterAll(async () => {
    await xvfb.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const candidate = (display: string, xauthority: string | null): DisplayCandidate => ({
    display,
    xauthority,
    uid: 1000,
    programs: 1,
  })

  /** process.env is what the x11 client reads XAUTHORITY from; each test puts it back. */
  const withProcessEnv = async (work: (env: NodeJS.ProcessEnv) => Promise<void>) => {
    const { DISPLAY: display, XAUTHORITY: xauthority } = process.env
    try {
      await work(process.env)
    } finally {
      if (display === undefined) delete process.env['DISPLAY']
      else process.env['DISPLAY'] = display
      if (xauthority === undefined) delete process.env['XAUTHORITY']
      else process.env['XAUTHORITY'] = xauthority
    }
  }

  it('keeps the configured display while it answers, and looks for no other', async () => {
    await withProcessEnv(async (processEnv) => {
      let asked = 0
      const hasDisplay = displayFinder({
        env: processEnv,
        configured: { display: xvfb.display, xauthority: cookieFile },
        log: () => undefined,
        candidates: () => {
          asked += 1
          return Promise.resolve([])
        },
      })
      expect(await hasDisplay()).toBe(true)
      expect(processEnv['DISPLAY']).toBe(xvfb.display)
      expect(processEnv['XAUTHORITY']).toBe(cookieFile)
      expect(asked).toBe(0)
    })
  })

  it('after a restart, uses the display and cookie the desktop’s programs run with', async () => {
    await withProcessEnv(async (processEnv) => {
      const log: string[] = []
      let preferred: string | null = 'unset'
      const hasDisplay = displayFinder({
        env: processEnv,
        // What install wrote: another display number and an authority file since replaced.
        configured: { display: ':987', xauthority: join(dir, 'gone') },
        log: (line) => log.push(line),
        candidates: (display) => {
          preferred = display
          return Promise.resolve([
            candidate(xvfb.display, wrongFile),
            candidate(':988', cookieFile),
            candidate(xvfb.display, cookieFile),
          ])
        },
      })
      expect(await hasDisplay()).toBe(true)
      expect(preferred).toBe(':987')
      expect(processEnv['DISPLAY']).toBe(xvfb.display)
      expect(processEnv['XAUTHORITY']).toBe(cookieFile)
      expect(log.join('\n')).toContain(
        `the display :987 does not answer; using ${xvfb.display} (XAUTHORITY ${cookieFile})`,
      )
    })
  })

  it('answers false and leaves the configured display when nothing answers', async () => {
    await withProcessEnv(async (processEnv) => {
      const hasDisplay = displayFinder({
        env: processEnv,
        configured: { display: ':987', xauthority: null },
        log: () => undefined,
        candidates: () => Promise.resolve([candidate(xvfb.display, wrongFile)]),
      })
      expect(await hasDisplay()).toBe(false)
      expect(processEnv['DISPLAY']).toBe(':987')
      expect(processEnv['XAUTHORITY']).toBeUndefined()
    })
  })
})
