import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { acceptedSessionFile } from './accepted-session.js'

describe('acceptedSessionFile', () => {
  let dir = ''
  let path = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tasuke-accepted-'))
    path = join(dir, 'session.json')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('[D5] remembers the accepted session across instances (a restart), readable by the system only', async () => {
    await acceptedSessionFile(path).remember('session-1')
    const after = acceptedSessionFile(path)
    expect(await after.isAccepted('session-1')).toBe(true)
    expect(await after.isAccepted('session-2')).toBe(false)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    // Another session's end leaves it; its own end removes it.
    await after.forget('session-2')
    expect(await after.isAccepted('session-1')).toBe(true)
    await after.forget('session-1')
    expect(await after.isAccepted('session-1')).toBe(false)
  })

  it('ignores a record older than the limit, from the future, or malformed', async () => {
    let now = 1_000_000
    const file = acceptedSessionFile(path, () => now, 60_000)
    await file.remember('session-1')
    now += 60_001
    expect(await file.isAccepted('session-1')).toBe(false)
    now -= 120_000
    expect(await file.isAccepted('session-1')).toBe(false)
    for (const text of [
      'not json',
      '[]',
      '{"sessionId":"../../etc","acceptedAt":1000000}',
      '{"sessionId":"session-1","acceptedAt":"yesterday"}',
      '{"sessionId":"session-1"}',
    ]) {
      await writeFile(path, text)
      expect(await acceptedSessionFile(path).isAccepted('session-1')).toBe(false)
    }
    // A malformed file is replaced by the next remember.
    await file.remember('session-3')
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ sessionId: 'session-3' })
  })
})
