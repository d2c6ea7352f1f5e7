import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import { connectToBus, nameHasOwner } from '../dbus/bus.js'
import type { DBusConnection } from '../dbus/connection.js'
import { DBusErrorName } from '../dbus/errors.js'
import type { Signal } from '../dbus/message.js'
import { MenuItemId } from './dbusmenu.js'
import { openStatusNotifier, type StatusNotifier } from './status-notifier.js'
import { startPrivateBus, type PrivateBus } from '../dbus/test-support/private-bus.js'
import { startTestWatcher, type TestWatcher } from './test-support/status-notifier-watcher.js'
import { TRAY_TEXTS } from './tray-texts.js'

describe('the StatusNotifierItem and its dbusmenu on a real bus', () => {
  let bus: PrivateBus
  let watcher: TestWatcher
  let connection: DBusConnection
  let notifier: StatusNotifier | null = null
  const stops: string[] = []
  const lines: string[] = []

  beforeAll(async () => {
    bus = await startPrivateBus()
    watcher = await startTestWatcher(bus.address)
  })
  afterEach(async () => {
    notifier?.close()
    notifier = null
    await connection.close()
  })
  afterAll(async () => {
    await watcher.close()
    await bus.stop()
  })

  const open = async (language: 'ja' | 'en') => {
    connection = await connectToBus(bus.address)
    notifier = await openStatusNotifier(connection, {
      texts: TRAY_TEXTS[language],
      onStop: () => stops.push(language),
      log: (line) => lines.push(line),
    })
    if (notifier === null) throw new Error(`not opened: ${lines.join('; ')}`)
    return notifier
  }

  it('registers with the watcher under its own name, with the properties hosts read', async () => {
    const opened = await open('ja')
    const item = watcher.registrations.find((entry) => entry.service === opened.serviceName)
    if (item === undefined) throw new Error('the item did not register')
    expect(item.sender).toBe(connection.uniqueName)
    expect(await watcher.itemProperty(item, 'Category')).toBe('ApplicationStatus')
    expect(await watcher.itemProperty(item, 'Id')).toBe('tasuke')
    expect(await watcher.itemProperty(item, 'Status')).toBe('Active')
    expect(await watcher.itemProperty(item, 'ItemIsMenu')).toBe(true)
    expect(await watcher.itemProperty(item, 'Menu')).toBe('/MenuBar')
    const pixmaps = (await watcher.itemProperty(item, 'IconPixmap')) as [
      number,
      number,
      Uint8Array,
    ][]
    expect(pixmaps.map(([width, height, argb]) => [width, height, argb.length])).toContainEqual([
      22,
      22,
      22 * 22 * 4,
    ])
    const [, , tipTitle, tipText] = (await watcher.itemProperty(item, 'ToolTip')) as string[]
    expect([tipTitle, tipText]).toEqual(['tasuke', 'オペレーターが接続しています'])
  })

  it('shows who is connected (disabled) and 中止; a click on 中止 calls onStop', async () => {
    const opened = await open('ja')
    opened.setOperator('山田 花子')
    const item = watcher.registrations.find((entry) => entry.service === opened.serviceName)
    if (item === undefined) throw new Error('not registered')
    const { root } = await watcher.menu(item)
    expect(root.id).toBe(MenuItemId.Root)
    expect(root.properties.get('children-display')).toBe('submenu')
    const [operator, stop] = root.children
    expect(operator?.properties.get('label')).toBe('山田 花子 が接続しています')
    expect(operator?.properties.get('enabled')).toBe(false)
    expect(stop?.properties.get('label')).toBe('中止')
    expect(stop?.properties.get('enabled')).toBe(true)

    stops.length = 0
    // Clicking the label does nothing; clicking 中止 stops.
    await watcher.click(item, operator?.id ?? -1)
    await watcher.click(item, stop?.id ?? -1)
    await waitFor('onStop', () => (stops.length > 0 ? true : undefined))
    expect(stops).toEqual(['ja'])
    await expect(watcher.click(item, 99)).rejects.toMatchObject({
      errorName: DBusErrorName.InvalidArgs,
    })
  })

  it('emits LayoutUpdated with a new revision when the operator changes (English texts)', async () => {
    const opened = await open('en')
    const item = watcher.registrations.find((entry) => entry.service === opened.serviceName)
    if (item === undefined) throw new Error('not registered')
    const before = await watcher.menu(item)
    expect(before.root.children.map((child) => child.properties.get('label'))).toEqual([
      'An operator is connected',
      'Stop',
    ])
    await watcher.connection.call({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: [`type='signal',sender='${connection.uniqueName}',member='LayoutUpdated'`],
    })
    const updated = new Promise<Signal>((resolve) => {
      const stop = watcher.connection.onSignal((signal) => {
        if (signal.member !== 'LayoutUpdated') return
        stop()
        resolve(signal)
      })
    })
    opened.setOperator('Jo_Smith')
    const signal = await updated
    expect(signal).toMatchObject({ interface: 'com.canonical.dbusmenu', path: '/MenuBar' })
    expect(signal.body).toEqual([before.revision + 1, 0])
    const after = await watcher.menu(item)
    expect(after.revision).toBe(before.revision + 1)
    // Underscores are doubled so the host does not take them as a mnemonic.
    expect(after.root.children[0]?.properties.get('label')).toBe('Jo__Smith is connected')
  })

  it('answers the other dbusmenu methods and its properties', async () => {
    const opened = await open('en')
    const menu = (member: string, signature: string, body: readonly unknown[]) =>
      watcher.connection.call({
        destination: opened.serviceName,
        path: '/MenuBar',
        interface: 'com.canonical.dbusmenu',
        member,
        signature,
        body: body as never,
      })
    expect(await menu('GetGroupProperties', 'aias', [[2, 42], ['label']])).toEqual([
      [[2, [['label', { signature: 's', value: 'Stop' }]]]],
    ])
    expect(await menu('AboutToShow', 'i', [0])).toEqual([false])
    expect(await menu('AboutToShowGroup', 'ai', [[0, 1, 7]])).toEqual([[], [7]])
    stops.length = 0
    expect(
      await menu('EventGroup', 'a(isvu)', [
        [
          [2, 'clicked', { signature: 'i', value: 0 }, 0],
          [9, 'clicked', { signature: 'i', value: 0 }, 0],
        ],
      ]),
    ).toEqual([[9]])
    await waitFor('onStop', () => (stops.length > 0 ? true : undefined))
    expect(stops).toEqual(['en'])
    const [all] = await watcher.connection.call({
      destination: opened.serviceName,
      path: '/MenuBar',
      interface: 'org.freedesktop.DBus.Properties',
      member: 'GetAll',
      signature: 's',
      body: ['com.canonical.dbusmenu'],
    })
    expect(all).toContainEqual(['Version', { signature: 'u', value: 3 }])
    expect(all).toContainEqual(['Status', { signature: 's', value: 'normal' }])
  })

  it('leaves the bus when closed', async () => {
    const opened = await open('en')
    expect(await nameHasOwner(watcher.connection, opened.serviceName)).toBe(true)
    await connection.close()
    expect(await nameHasOwner(watcher.connection, opened.serviceName)).toBe(false)
  })
})

describe('a panel that restarts', () => {
  it('gets the item again from its new watcher', async () => {
    const bus = await startPrivateBus()
    const first = await startTestWatcher(bus.address)
    const connection = await connectToBus(bus.address)
    try {
      const notifier = await openStatusNotifier(connection, {
        texts: TRAY_TEXTS.en,
        onStop: () => undefined,
        log: (line) => {
          throw new Error(`unexpected log: ${line}`)
        },
      })
      if (notifier === null) throw new Error('not opened')
      expect((await first.nextRegistration()).service).toBe(notifier.serviceName)
      await first.close()
      const second = await startTestWatcher(bus.address)
      try {
        const again = await second.nextRegistration()
        expect(again.service).toBe(notifier.serviceName)
        expect((await second.menu(again)).root.children).toHaveLength(2)
      } finally {
        await second.close()
      }
    } finally {
      await connection.close()
      await bus.stop()
    }
  })
})

describe('a session bus without a watcher', () => {
  it('gives no tray and one clear line', async () => {
    const bus = await startPrivateBus()
    const connection = await connectToBus(bus.address)
    const lines: string[] = []
    try {
      const notifier = await openStatusNotifier(connection, {
        texts: TRAY_TEXTS.en,
        onStop: () => undefined,
        log: (line) => lines.push(line),
      })
      expect(notifier).toBeNull()
      expect(lines).toEqual([
        'no tray on this desktop: nothing owns org.kde.StatusNotifierWatcher on the session bus',
      ])
    } finally {
      await connection.close()
      await bus.stop()
    }
  })
})
