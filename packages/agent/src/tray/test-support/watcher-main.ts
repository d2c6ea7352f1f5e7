/**
 * The test watcher as a program, for end-to-end tests (which start processes and never import
 * package internals): starts a private session bus and a StatusNotifierWatcher on it, and
 * speaks JSON lines. Out: `{"type":"ready","address":…}`, then
 * `{"type":"registered","service":…}` per item. In: `{"type":"menu"}` →
 * `{"type":"menu","items":[{id,label,enabled}]}` for the last item; `{"type":"click","id":N}`
 * → `{"type":"clicked"}`; a failed command → `{"type":"error","message":…}`. Stdin closing or
 * SIGTERM stops the bus (by its PID) and exits.
 * Run: `tsx packages/agent/src/tray/test-support/watcher-main.ts`.
 * @module
 */
import { createInterface } from 'node:readline'

import { startPrivateBus } from '../../dbus/test-support/private-bus.js'
import { startTestWatcher } from './status-notifier-watcher.js'

const print = (message: Record<string, unknown>) => {
  process.stdout.write(`${JSON.stringify(message)}\n`)
}

const bus = await startPrivateBus()
const watcher = await startTestWatcher(bus.address)
let stopping: Promise<void> | null = null
const stop = () =>
  (stopping ??= (async () => {
    await watcher.close().catch(() => undefined)
    await bus.stop()
    process.exit(0)
  })())
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())

watcher.onRegistration((registration) => {
  print({ type: 'registered', service: registration.service })
})

const lastItem = () => {
  const item = watcher.registrations.at(-1)
  if (item === undefined) throw new Error('no item has registered')
  return item
}

const handle = async (line: string) => {
  const command = JSON.parse(line) as { type?: unknown; id?: unknown }
  switch (command.type) {
    case 'menu': {
      const { root } = await watcher.menu(lastItem())
      print({
        type: 'menu',
        items: root.children.map((child) => ({
          id: child.id,
          label: child.properties.get('label'),
          enabled: child.properties.get('enabled'),
        })),
      })
      return
    }
    case 'click':
      if (typeof command.id !== 'number') throw new Error('click needs a numeric id')
      await watcher.click(lastItem(), command.id)
      print({ type: 'clicked' })
      return
    default:
      throw new Error(`unknown command ${line}`)
  }
}

const input = createInterface({ input: process.stdin })
input.on('line', (line) => {
  handle(line).catch((error: unknown) => {
    print({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  })
})
input.on('close', () => void stop())
print({ type: 'ready', address: bus.address })
