/**
 * The tray icon as a StatusNotifierItem (the KDE/freedesktop protocol that GNOME's
 * AppIndicator extension, Plasma, XFCE and others host): /StatusNotifierItem with its menu
 * at /MenuBar (dbusmenu.ts), under a name of its own, registered with the
 * StatusNotifierWatcher and registered again whenever a new watcher appears.
 * @module
 */
import { addMatch, nameHasOwner, requestName } from '../dbus/bus.js'
import type { DBusConnection } from '../dbus/connection.js'
import type { ExportedInterface } from '../dbus/exported-object.js'
import { asString, type DBusValue } from '../dbus/values.js'
import { createTrayMenu, MENU_INTERFACE, MENU_PATH } from './dbusmenu.js'
import { iconPixmaps } from './tray-icon.js'
import type { TrayTexts } from './tray-texts.js'

export const ITEM_PATH = '/StatusNotifierItem'
export const ITEM_INTERFACE = 'org.kde.StatusNotifierItem'
export const WATCHER_NAME = 'org.kde.StatusNotifierWatcher'
export const WATCHER_PATH = '/StatusNotifierWatcher'

export interface StatusNotifierOptions {
  readonly texts: TrayTexts
  readonly onStop: () => void
  readonly log: (line: string) => void
}

export interface StatusNotifier {
  /** The bus name the item is registered under. */
  readonly serviceName: string
  setOperator(name: string | null): void
  /** Takes the objects off the bus (the connection stays open). */
  close(): void
}

let itemsOpened = 0

/**
 * Puts the item on the bus and registers it; null (after one log line) when the session
 * has no StatusNotifierWatcher, i.e. nothing would show it.
 */
export async function openStatusNotifier(
  connection: DBusConnection,
  options: StatusNotifierOptions,
): Promise<StatusNotifier | null> {
  const { texts, log } = options
  if (!(await nameHasOwner(connection, WATCHER_NAME))) {
    log(`no tray on this desktop: nothing owns ${WATCHER_NAME} on the session bus`)
    return null
  }
  let operatorName: string | null = null
  const emit =
    (path: string, iface: string) =>
    (member: string, signature: string, body: readonly DBusValue[]) => {
      connection.emitSignal({ path, interface: iface, member, signature, body })
    }
  const menu = createTrayMenu({
    texts,
    onStop: options.onStop,
    emit: emit(MENU_PATH, MENU_INTERFACE),
  })
  const pixmaps = iconPixmaps()
  const toolTip = () => ['', pixmaps, texts.title, texts.connected(operatorName)]
  const item: ExportedInterface = {
    name: ITEM_INTERFACE,
    methods: {
      // ItemIsMenu: hosts show the menu on a click; these are answered, and do nothing.
      Activate: { in: 'ii', out: '', handle: () => [] },
      SecondaryActivate: { in: 'ii', out: '', handle: () => [] },
      ContextMenu: { in: 'ii', out: '', handle: () => [] },
      Scroll: { in: 'is', out: '', handle: () => [] },
    },
    properties: {
      Category: { signature: 's', get: () => 'ApplicationStatus' },
      Id: { signature: 's', get: () => 'tasuke' },
      Title: { signature: 's', get: () => `${texts.title}: ${texts.connected(operatorName)}` },
      Status: { signature: 's', get: () => 'Active' },
      WindowId: { signature: 'i', get: () => 0 },
      // Empty: hosts prefer a theme icon by name, and ours is drawn (IconPixmap).
      IconName: { signature: 's', get: () => '' },
      IconPixmap: { signature: 'a(iiay)', get: () => pixmaps },
      OverlayIconName: { signature: 's', get: () => '' },
      OverlayIconPixmap: { signature: 'a(iiay)', get: () => [] },
      AttentionIconName: { signature: 's', get: () => '' },
      AttentionIconPixmap: { signature: 'a(iiay)', get: () => [] },
      AttentionMovieName: { signature: 's', get: () => '' },
      IconThemePath: { signature: 's', get: () => '' },
      ToolTip: { signature: '(sa(iiay)ss)', get: toolTip },
      ItemIsMenu: { signature: 'b', get: () => true },
      Menu: { signature: 'o', get: () => MENU_PATH },
    },
    signals: {
      NewTitle: '',
      NewIcon: '',
      NewAttentionIcon: '',
      NewOverlayIcon: '',
      NewToolTip: '',
      NewStatus: 's',
    },
  }
  const unexportMenu = connection.exportObject(MENU_PATH, [menu.exported])
  const unexportItem = connection.exportObject(ITEM_PATH, [item])
  itemsOpened += 1
  const serviceName = `org.kde.StatusNotifierItem-${process.pid}-${itemsOpened}`
  const register = () =>
    connection.call({
      destination: WATCHER_NAME,
      path: WATCHER_PATH,
      interface: WATCHER_NAME,
      member: 'RegisterStatusNotifierItem',
      signature: 's',
      body: [serviceName],
    })
  try {
    if (!(await requestName(connection, serviceName))) {
      throw new Error(`the bus name ${serviceName} is taken`)
    }
    await register()
    // A panel that restarts brings a new watcher, which knows no items: register again.
    await addMatch(
      connection,
      `type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${WATCHER_NAME}'`,
    )
  } catch (error) {
    unexportItem()
    unexportMenu()
    log(`no tray on this desktop: ${(error as Error).message}`)
    return null
  }
  const stopWatching = connection.onSignal((signal) => {
    if (signal.member !== 'NameOwnerChanged' || signal.body[0] !== WATCHER_NAME) return
    if (asString(signal.body[2], 'new owner') === '') return
    register().catch((error: unknown) => {
      log(`the tray could not register with the new watcher: ${(error as Error).message}`)
    })
  })
  const emitItem = emit(ITEM_PATH, ITEM_INTERFACE)
  return {
    serviceName,
    setOperator: (name) => {
      if (name === operatorName) return
      operatorName = name
      menu.setOperator(name)
      emitItem('NewTitle', '', [])
      emitItem('NewToolTip', '', [])
    },
    close: () => {
      stopWatching()
      unexportItem()
      unexportMenu()
    },
  }
}
