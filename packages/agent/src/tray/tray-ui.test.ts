import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ConsentView, CustomerAction } from '../consent-ui/index.js'
import { fakeUi } from '../session/test-support/fakes.js'
import { waitFor } from '../test-support/wait-for.js'
import { nameHasOwner } from '../dbus/bus.js'
import { startPrivateBus, type PrivateBus } from '../dbus/test-support/private-bus.js'
import { startTestWatcher, type TestWatcher } from './test-support/status-notifier-watcher.js'
import { withTray } from './tray-ui.js'

const CONNECTED: ConsentView = {
  type: 'connected',
  operatorName: '山田 花子',
  verificationCode: null,
  activity: 'viewing',
  controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
}

describe('the tray beside the consent window (issue 6)', () => {
  let bus: PrivateBus
  let watcher: TestWatcher

  beforeAll(async () => {
    bus = await startPrivateBus()
    watcher = await startTestWatcher(bus.address)
  })
  afterAll(async () => {
    await watcher.close()
    await bus.stop()
  })

  it('appears once connected, names the operator, and 中止 is the customer ending the session', async () => {
    const window = fakeUi()
    const lines: string[] = []
    const ui = withTray(window, {
      language: 'ja',
      log: (line) => lines.push(line),
      env: { DBUS_SESSION_BUS_ADDRESS: bus.address },
    })
    const actions: CustomerAction[] = []
    // As the session does: the customer's end shows the ended view at once.
    ui.onAction((action) => {
      actions.push(action)
      if (action.type === 'end') ui.update({ type: 'ended', reason: 'customer' })
    })
    const before = watcher.registrations.length

    ui.update({ type: 'connecting' })
    ui.update({
      type: 'ask-consent',
      companyName: 'Example',
      companyDomain: null,
      operatorName: '山田 花子',
      shares: ['screen', 'control'],
      verificationCode: null,
    })
    // Nothing in the tray before the customer said yes.
    expect(watcher.registrations.length).toBe(before)
    window.act({ type: 'accept' })
    ui.update(CONNECTED)
    ui.update({ ...CONNECTED, activity: 'controlling' })
    await waitFor('the registration', () =>
      watcher.registrations.length === before + 1 ? true : undefined,
    )
    const item = watcher.registrations.at(-1)
    if (item === undefined) throw new Error('not registered')
    // The window's views pass through unchanged.
    expect(window.views.map((view) => view.type)).toEqual([
      'connecting',
      'ask-consent',
      'connected',
      'connected',
    ])
    const { root } = await watcher.menu(item)
    expect(root.children.map((child) => child.properties.get('label'))).toEqual([
      '山田 花子 が接続しています',
      '中止',
    ])

    // The click is answered although the session (and with it the tray) ends on it.
    await watcher.click(item, root.children[1]?.id ?? -1)
    await waitFor('the end', () => (actions.length === 2 ? true : undefined))
    expect(actions).toEqual([{ type: 'accept' }, { type: 'end' }])
    await waitFor('the item to leave the bus', async () =>
      (await nameHasOwner(watcher.connection, item.service)) ? undefined : true,
    )
    await ui.close()
    expect(lines).toEqual([])
  })

  it('keeps the session going without a tray, with one line saying why', async () => {
    const window = fakeUi()
    const lines: string[] = []
    const ui = withTray(window, {
      language: 'en',
      log: (line) => lines.push(line),
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tasuke-bus' },
    })
    ui.update(CONNECTED)
    await waitFor('the log line', () => (lines.length > 0 ? true : undefined))
    expect(lines).toEqual([expect.stringMatching(/^no tray on this desktop: .*ENOENT/)])
    expect(window.last()).toEqual(CONNECTED)
    await ui.close()
  })
})
