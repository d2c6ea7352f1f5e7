import { describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import { openTray } from './index.js'
import { startPrivateBus } from '../dbus/test-support/private-bus.js'
import { startTestWatcher } from './test-support/status-notifier-watcher.js'

describe('openTray', () => {
  it('opens on the bus of DBUS_SESSION_BUS_ADDRESS and closes', async () => {
    const bus = await startPrivateBus()
    const watcher = await startTestWatcher(bus.address)
    const stops: number[] = []
    try {
      const tray = await openTray({
        language: 'en',
        onStop: () => stops.push(1),
        log: (line) => {
          throw new Error(`unexpected log: ${line}`)
        },
        env: { DBUS_SESSION_BUS_ADDRESS: bus.address },
      })
      if (tray === null) throw new Error('no tray')
      const item = await watcher.nextRegistration()
      tray.setOperator('Jo')
      const { root } = await watcher.menu(item)
      expect(root.children[0]?.properties.get('label')).toBe('Jo is connected')
      await watcher.click(item, root.children[1]?.id ?? -1)
      await waitFor('onStop', () => (stops.length > 0 ? true : undefined))
      expect(stops).toEqual([1])
      await tray.close()
    } finally {
      await watcher.close()
      await bus.stop()
    }
  })

  it('gives null and one line when there is no bus to be found', async () => {
    const lines: string[] = []
    const tray = await openTray({
      language: 'ja',
      onStop: () => undefined,
      log: (line) => lines.push(line),
      env: { DBUS_SESSION_BUS_ADDRESS: 'tcp:host=localhost,port=1' },
    })
    expect(tray).toBeNull()
    expect(lines).toEqual([
      'no tray on this desktop: no unix socket in the bus address "tcp:host=localhost,port=1"',
    ])
  })

  it('gives null and one line on a bus without a watcher, and leaves the bus', async () => {
    const bus = await startPrivateBus()
    const lines: string[] = []
    try {
      const tray = await openTray({
        language: 'en',
        onStop: () => undefined,
        log: (line) => lines.push(line),
        env: { DBUS_SESSION_BUS_ADDRESS: bus.address },
      })
      expect(tray).toBeNull()
      expect(lines).toEqual([
        'no tray on this desktop: nothing owns org.kde.StatusNotifierWatcher on the session bus',
      ])
    } finally {
      await bus.stop()
    }
  })
})
