/**
 * The service's side of a session process, against a real child process that stands for a
 * tampered session (it runs as the user, who may make it send anything): requests are
 * answered once each but reach the server and the computer only once at a time; anything
 * else stops the process.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DesktopAccount } from './desktop-account.js'
import type { ConnectRequest, SessionRun } from './device-service.js'
import { runSessionAsUser, sessionEnvironment } from './user-session-host.js'

const REQUEST: ConnectRequest = {
  type: 'connect-request',
  sessionId: 's1',
  agentToken: 'tok',
  operatorName: 'Olga',
  policy: { mode: 'connect' },
}

/** A session process that runs `script` (with `send` and the run it got as `run`). */
const scripted = (script: string) => ({
  command: process.execPath,
  args: [
    '-e',
    `process.once('message', async (run) => {
       const send = (message) => process.send(message)
       const answers = []
       process.on('message', (message) => answers.push(message))
       ${script}
     })`,
  ],
})

describe('runSessionAsUser with a session process that asks too much', () => {
  let home: string
  let account: DesktopAccount

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tasuke-host-'))
    account = {
      uid: process.getuid?.() ?? 0,
      gid: process.getgid?.() ?? 0,
      name: 'self',
      home,
    }
  })
  afterAll(async () => {
    await rm(home, { recursive: true, force: true })
  })

  const start = (script: string) => {
    const log: string[] = []
    let questions = 0
    let restarts = 0
    let accepted = 0
    const run: SessionRun = {
      request: REQUEST,
      policy: { mode: 'connect' },
      isResumed: false,
      tokens: {
        next: () => {
          questions += 1
          return new Promise((resolve) =>
            setTimeout(() => {
              resolve(`fresh-${questions}`)
            }, 50),
          )
        },
      },
      onAccepted: () => {
        accepted += 1
      },
    }
    const over = runSessionAsUser(
      {
        account,
        program: scripted(script),
        env: { PATH: process.env['PATH'] ?? '' },
        session: {
          serverUrl: 'https://support.example.com/',
          fingerprint: null,
          language: 'en',
          openBrowser: false,
          installedNote: null,
        },
        restartComputer: () => {
          restarts += 1
          return Promise.resolve()
        },
        log: (line) => log.push(line),
      },
      run,
    )
    return { over, log, counts: () => ({ questions, restarts, accepted }) }
  }

  it('answers every token request but asks the server once at a time; restarts once', async () => {
    const { over, log, counts } = start(`
      console.error('got ' + run.type + ' ' + run.request.sessionId)
      send({ type: 'accepted' })
      send({ type: 'next-token' })
      send({ type: 'next-token' })
      send({ type: 'restart-computer' })
      send({ type: 'restart-computer' })
      while (answers.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
      console.error('tokens ' + answers.map((answer) => answer.token).join(','))
      send({ type: 'over' })
      process.disconnect()
    `)
    await over
    expect(counts()).toEqual({ questions: 1, restarts: 1, accepted: 1 })
    expect(log).toContain('[session] got run s1')
    expect(log).toContain('[session] tokens fresh-1,fresh-1')
  })

  it('stops a process that sends anything else', async () => {
    const { over, log, counts } = start(`
      send({ type: 'run-command', command: 'id' })
      setInterval(() => undefined, 1000)
    `)
    await over
    expect(log.join('\\n')).toMatch(/sent something unexpected; it is stopped/)
    expect(log.join('\\n')).toMatch(/ended with SIGTERM/)
    expect(counts()).toEqual({ questions: 0, restarts: 0, accepted: 0 })
  })

  it('gives the process the account’s home and name, the display and proxy, and nothing else', () => {
    const env = sessionEnvironment(account, {
      PATH: '/usr/bin',
      DISPLAY: ':1',
      XAUTHORITY: '/run/user/1000/gdm/Xauthority',
      HTTPS_PROXY: 'http://proxy:3128',
      TASUKE_NO_BROWSER: '1',
      SECRET: 'root only',
      HOME: '/root',
    })
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      DISPLAY: ':1',
      XAUTHORITY: '/run/user/1000/gdm/Xauthority',
      HTTPS_PROXY: 'http://proxy:3128',
      TASUKE_NO_BROWSER: '1',
      HOME: home,
      USER: 'self',
      LOGNAME: 'self',
    })
    expect(env['SECRET']).toBeUndefined()
  })
})
