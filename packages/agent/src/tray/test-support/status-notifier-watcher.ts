/**
 * A StatusNotifierWatcher for tests, built on our D-Bus client: owns
 * org.kde.StatusNotifierWatcher on a bus, records the items that register, and reads and
 * clicks their menus the way a panel does.
 * @module
 */
import { connectToBus, requestName } from '../../dbus/bus.js'
import type { DBusConnection } from '../../dbus/connection.js'
import { asArray, asNumber, asString, type DBusValue, isVariant } from '../../dbus/values.js'

export interface Registration {
  /** What the item passed to RegisterStatusNotifierItem. */
  readonly service: string
  /** The unique name of the connection that registered it. */
  readonly sender: string
}

export interface MenuItem {
  readonly id: number
  readonly properties: ReadonlyMap<string, DBusValue>
  readonly children: readonly MenuItem[]
}

export interface TestWatcher {
  readonly connection: DBusConnection
  readonly registrations: readonly Registration[]
  /** Resolves with the first registration (waits for it). */
  nextRegistration(): Promise<Registration>
  /** Called on every registration from now on. */
  onRegistration(handler: (registration: Registration) => void): void
  /** Reads a property of the registered item. */
  itemProperty(item: Registration, name: string): Promise<DBusValue>
  /** The item's whole menu (GetLayout from the root). */
  menu(item: Registration): Promise<{ revision: number; root: MenuItem }>
  /** Sends Event(id, "clicked") to the item's menu, as a panel does on a click. */
  click(item: Registration, id: number): Promise<void>
  close(): Promise<void>
}

const NAME = 'org.kde.StatusNotifierWatcher'

export async function startTestWatcher(address: string): Promise<TestWatcher> {
  const connection = await connectToBus(address)
  const registrations: Registration[] = []
  const waiting = new Set<(registration: Registration) => void>()
  const listeners = new Set<(registration: Registration) => void>()
  connection.exportObject('/StatusNotifierWatcher', [
    {
      name: NAME,
      methods: {
        RegisterStatusNotifierItem: {
          in: 's',
          out: '',
          handle: ([service], call) => {
            const registration = {
              service: asString(service, 'service'),
              sender: call.sender ?? '',
            }
            registrations.push(registration)
            for (const resolve of [...waiting]) resolve(registration)
            waiting.clear()
            for (const listener of listeners) listener(registration)
            connection.emitSignal({
              path: '/StatusNotifierWatcher',
              interface: NAME,
              member: 'StatusNotifierItemRegistered',
              signature: 's',
              body: [registration.service],
            })
            return []
          },
        },
        RegisterStatusNotifierHost: { in: 's', out: '', handle: () => [] },
      },
      properties: {
        RegisteredStatusNotifierItems: {
          signature: 'as',
          get: () => registrations.map((entry) => entry.service),
        },
        IsStatusNotifierHostRegistered: { signature: 'b', get: () => true },
        ProtocolVersion: { signature: 'i', get: () => 0 },
      },
      signals: {
        StatusNotifierItemRegistered: 's',
        StatusNotifierItemUnregistered: 's',
        StatusNotifierHostRegistered: '',
      },
    },
  ])
  if (!(await requestName(connection, NAME))) throw new Error(`${NAME} is taken on this bus`)

  /** A service of "/path" form means: the sender, at that path (as panels read it). */
  const target = (item: Registration) =>
    item.service.startsWith('/')
      ? { destination: item.sender, path: item.service }
      : { destination: item.service, path: '/StatusNotifierItem' }
  const itemProperty = async (item: Registration, name: string) => {
    const [value] = await connection.call({
      ...target(item),
      interface: 'org.freedesktop.DBus.Properties',
      member: 'Get',
      signature: 'ss',
      body: ['org.kde.StatusNotifierItem', name],
    })
    if (value === undefined || !isVariant(value)) throw new Error('Get did not return a variant')
    return value.value
  }
  const menuPath = async (item: Registration) => asString(await itemProperty(item, 'Menu'), 'Menu')
  return {
    connection,
    registrations,
    nextRegistration: () =>
      new Promise((resolve) => {
        const [first] = registrations
        if (first !== undefined) resolve(first)
        else waiting.add(resolve)
      }),
    onRegistration: (handler) => {
      listeners.add(handler)
    },
    itemProperty,
    menu: async (item) => {
      const [revision, layout] = await connection.call({
        destination: target(item).destination,
        path: await menuPath(item),
        interface: 'com.canonical.dbusmenu',
        member: 'GetLayout',
        signature: 'iias',
        body: [0, -1, []],
      })
      return { revision: asNumber(revision, 'revision'), root: menuItem(layout) }
    },
    click: async (item, id) => {
      await connection.call({
        destination: target(item).destination,
        path: await menuPath(item),
        interface: 'com.canonical.dbusmenu',
        member: 'Event',
        signature: 'isvu',
        body: [id, 'clicked', { signature: 's', value: '' }, 0],
      })
    },
    close: () => connection.close(),
  }
}

function menuItem(value: DBusValue | undefined): MenuItem {
  const [id, properties, children] = asArray(value, 'menu item')
  return {
    id: asNumber(id, 'menu item id'),
    properties: new Map(
      asArray(properties, 'menu item properties').map((entry) => {
        const [key, property] = asArray(entry, 'property')
        if (property === undefined || !isVariant(property)) throw new Error('not a variant')
        return [asString(key, 'property name'), property.value] as const
      }),
    ),
    children: asArray(children, 'children').map((child) => {
      if (!isVariant(child)) throw new Error('menu child is not a variant')
      return menuItem(child.value)
    }),
  }
}
