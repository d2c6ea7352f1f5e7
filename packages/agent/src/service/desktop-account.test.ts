import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { accountOf, desktopAccount } from './desktop-account.js'

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  'hanako:x:1000:1000:Hanako Sato,,,:/home/hanako:/bin/bash',
  '# a comment',
  'broken:x:1001',
  'nohome:x:1002:1002::relative:/bin/sh',
  '',
].join('\n')

describe('accountOf', () => {
  it('reads the name, group and home of a uid', () => {
    expect(accountOf(1000, PASSWD)).toEqual({
      uid: 1000,
      gid: 1000,
      name: 'hanako',
      home: '/home/hanako',
    })
    expect(accountOf(0, PASSWD)?.home).toBe('/root')
  })

  it('answers null for an unknown uid and for entries it cannot trust', () => {
    expect(accountOf(4242, PASSWD)).toBeNull()
    expect(accountOf(1001, PASSWD)).toBeNull()
    expect(accountOf(1002, PASSWD)).toBeNull()
    expect(accountOf(1000, '')).toBeNull()
  })
})

describe.skipIf(process.getuid?.() !== 0)('desktopAccount', () => {
  it('is the owner of the display’s authority file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tasuke-account-'))
    try {
      const xauthority = join(dir, 'Xauthority')
      const passwd = join(dir, 'passwd')
      await writeFile(xauthority, '')
      await chown(xauthority, 1000, 1000)
      await writeFile(passwd, PASSWD)
      expect(await desktopAccount({ XAUTHORITY: xauthority }, passwd)).toMatchObject({
        uid: 1000,
        name: 'hanako',
      })
      expect(await desktopAccount({}, passwd)).toBeNull()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
