import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { displayCandidates } from './display-candidates.js'

describe('displayCandidates', () => {
  let proc: string

  beforeEach(async () => {
    proc = await mkdtemp(join(tmpdir(), 'tasuke-proc-'))
  })
  afterEach(async () => {
    await rm(proc, { recursive: true, force: true })
  })

  /** A fake /proc/<pid> with this environment and owner. */
  const fakeProcess = async (pid: string, uid: number, environment: Record<string, string>) => {
    await mkdir(join(proc, pid))
    const environ = Object.entries(environment).map(([name, value]) => `${name}=${value}\0`)
    await writeFile(join(proc, pid, 'environ'), environ.join(''))
    await writeFile(join(proc, pid, 'status'), `Name:\tx\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`)
  }

  it('lists each local display with its authority file, people before the login screen, most used first', async () => {
    await fakeProcess('100', 120, { DISPLAY: ':0', XAUTHORITY: '/run/gdm/greeter' })
    for (const pid of ['200', '201', '202']) {
      await fakeProcess(pid, 1000, { DISPLAY: ':1', XAUTHORITY: '/tmp/xauth_abc', HOME: '/home/a' })
    }
    await fakeProcess('300', 1001, { DISPLAY: ':2.0' })
    // Root's programs (the service itself, sudo, X clients of tests) are no desktop.
    await fakeProcess('400', 0, { DISPLAY: ':3', XAUTHORITY: '/root/.Xauthority' })
    expect(await displayCandidates(null, proc)).toEqual([
      { display: ':1', xauthority: '/tmp/xauth_abc', uid: 1000, programs: 3 },
      { display: ':2.0', xauthority: null, uid: 1001, programs: 1 },
      { display: ':0', xauthority: '/run/gdm/greeter', uid: 120, programs: 1 },
    ])
  })

  it('puts the display device.json names first, whatever its screen number', async () => {
    await fakeProcess('200', 1000, { DISPLAY: ':1', XAUTHORITY: '/tmp/xauth_abc' })
    await fakeProcess('100', 120, { DISPLAY: ':0.0' })
    expect((await displayCandidates(':0', proc)).map((candidate) => candidate.display)).toEqual([
      ':0.0',
      ':1',
    ])
  })

  it('skips remote and malformed displays, relative authority paths, and what it cannot read', async () => {
    await fakeProcess('1', 1000, { DISPLAY: 'otherhost:0' })
    await fakeProcess('2', 1000, { DISPLAY: ':abc' })
    await fakeProcess('3', 1000, { DISPLAY: ':0; rm -rf /' })
    await fakeProcess('4', 1000, { DISPLAY: ':5', XAUTHORITY: 'relative/file' })
    await fakeProcess('5', 1000, { PATH: '/usr/bin' })
    await mkdir(join(proc, '6')) // gone meanwhile: no files
    await fakeProcess('7', 1000, { DISPLAY: ':6' })
    await writeFile(join(proc, '7', 'status'), 'Name:\tbroken\n') // no Uid line
    await fakeProcess('self', 1000, { DISPLAY: ':7' }) // not a process number
    await fakeProcess('8', 1000, { DISPLAY: ':8' })
    await chmod(join(proc, '8', 'environ'), 0o000)
    const found = await displayCandidates(null, proc)
    // Root reads a file of mode 000 anyway; anyone else cannot, and skips it.
    const readable = process.getuid?.() === 0 ? [':5', ':8'] : [':5']
    expect(found.map((candidate) => candidate.display).sort()).toEqual(readable)
    expect(found.find((candidate) => candidate.display === ':5')?.xauthority).toBeNull()
  })

  it('answers nothing when /proc cannot be read', async () => {
    expect(await displayCandidates(null, join(proc, 'missing'))).toEqual([])
  })
})
