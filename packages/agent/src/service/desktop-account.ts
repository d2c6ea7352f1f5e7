/**
 * The account the installed service runs a session as: the person logged in on the display
 * (the owner of its authority file or X socket, user-bus.ts), with the name and home folder of
 * `/etc/passwd`. Received files then land in that person's home, browsing shows what that
 * person may read, and the window and tray open in their session — never as root.
 * @module
 */
import { readFile } from 'node:fs/promises'

import { desktopUser } from '../tray/user-bus.js'

export interface DesktopAccount {
  readonly uid: number
  readonly gid: number
  readonly name: string
  readonly home: string
}

/** The account of the display in `env`, or null when no owner or no passwd entry is found. */
export async function desktopAccount(
  env: NodeJS.ProcessEnv,
  passwdFile = '/etc/passwd',
): Promise<DesktopAccount | null> {
  const user = desktopUser(env)
  if (user === null) return null
  const passwd = await readFile(passwdFile, 'utf8').catch(() => '')
  return accountOf(user.uid, passwd)
}

/** The `/etc/passwd` entry of `uid` (name:password:uid:gid:gecos:home:shell). */
export function accountOf(uid: number, passwd: string): DesktopAccount | null {
  for (const line of passwd.split('\n')) {
    const fields = line.split(':')
    if (fields.length !== 7 || Number(fields[2]) !== uid || fields[2] === '') continue
    const [name = '', , , gid = '', , home = ''] = fields
    if (name === '' || !/^\d+$/.test(gid) || !home.startsWith('/')) return null
    return { uid, gid: Number(gid), name, home }
  }
  return null
}
