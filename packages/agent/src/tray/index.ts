/**
 * The tray icon shown for the whole of a session (issue 6): on Linux a StatusNotifierItem
 * whose menu has 中止 / Stop. Where the desktop has no tray (no session bus, no watcher) or
 * on Windows and macOS (not built yet), openTray logs one line and resolves null: the
 * session goes on with its window.
 * @module
 */
import { existsSync } from 'node:fs'

import type { Language } from '../i18n/messages.js'
import { connectToBus } from '../dbus/bus.js'
import type { DBusConnection } from '../dbus/connection.js'
import { openStatusNotifier } from './status-notifier.js'
import { TRAY_TEXTS } from './tray-texts.js'
import { connectAsUser, desktopUser, userBusPath } from './user-bus.js'

export interface TrayOptions {
  readonly language: Language
  /** 中止 / Stop was chosen in the tray's menu. */
  readonly onStop: () => void
  readonly log: (line: string) => void
  /** Where DBUS_SESSION_BUS_ADDRESS, DISPLAY and XAUTHORITY are read. */
  readonly env: NodeJS.ProcessEnv
}

export interface Tray {
  /** Shows who is connected (null: not known). */
  setOperator(name: string | null): void
  close(): Promise<void>
}

const BUS_TIMEOUT_MS = 5_000

export async function openTray(options: TrayOptions): Promise<Tray | null> {
  const { log } = options
  if (process.platform !== 'linux') {
    log(`no tray on this desktop: the tray icon is not built for ${process.platform} yet`)
    return null
  }
  let connection: DBusConnection
  try {
    connection = await connectToSessionBus(options.env)
  } catch (error) {
    log(`no tray on this desktop: ${(error as Error).message}`)
    return null
  }
  const notifier = await openStatusNotifier(connection, {
    texts: TRAY_TEXTS[options.language],
    onStop: options.onStop,
    log,
  }).catch((error: unknown) => {
    log(`no tray on this desktop: ${(error as Error).message}`)
    return null
  })
  if (notifier === null) {
    await connection.close()
    return null
  }
  let isClosing = false
  connection.onClose((reason) => {
    if (!isClosing && reason !== null) log(`the tray icon is gone: ${reason.message}`)
  })
  return {
    setOperator: (name) => {
      notifier.setOperator(name)
    },
    close: async () => {
      isClosing = true
      notifier.close()
      await connection.close()
    },
  }
}

/**
 * DBUS_SESSION_BUS_ADDRESS when set; else the login session's bus, which for root (the
 * installed service) is the desktop user's, reached as that user (user-bus.ts).
 */
async function connectToSessionBus(env: NodeJS.ProcessEnv): Promise<DBusConnection> {
  const address = env['DBUS_SESSION_BUS_ADDRESS']
  if (address !== undefined && address !== '') return connectToBus(address, BUS_TIMEOUT_MS)
  const uid = process.getuid?.() ?? 0
  const user = uid === 0 ? desktopUser(env) : { uid, gid: process.getgid?.() ?? 0 }
  if (user === null) {
    throw new Error('no DBUS_SESSION_BUS_ADDRESS, and no XAUTHORITY or X socket to find the user')
  }
  const path = userBusPath(user.uid)
  if (!existsSync(path)) throw new Error(`no DBUS_SESSION_BUS_ADDRESS and no bus at ${path}`)
  return user.uid === uid
    ? connectToBus(`unix:path=${path}`, BUS_TIMEOUT_MS)
    : connectAsUser(user, path, BUS_TIMEOUT_MS)
}
