/**
 * The tray's menu as a `com.canonical.dbusmenu` object (the menu StatusNotifierItem hosts
 * show): a disabled line saying who is connected and 中止 / Stop. Event(id, "clicked") on
 * 中止 calls onStop; a new label bumps the revision and emits LayoutUpdated.
 * @module
 */
import { DBusCallError, DBusErrorName } from '../dbus/errors.js'
import type { ExportedInterface } from '../dbus/exported-object.js'
import { asArray, asNumber, asString, type DBusValue, variant } from '../dbus/values.js'
import type { TrayTexts } from './tray-texts.js'

export const MENU_PATH = '/MenuBar'
export const MENU_INTERFACE = 'com.canonical.dbusmenu'

/** Item ids: 0 is the root the host asks for. */
export const MenuItemId = { Root: 0, Operator: 1, Stop: 2 } as const

export interface TrayMenuOptions {
  readonly texts: TrayTexts
  readonly onStop: () => void
  /** Sends a signal from MENU_PATH on MENU_INTERFACE. */
  readonly emit: (member: string, signature: string, body: readonly DBusValue[]) => void
}

export interface TrayMenu {
  readonly exported: ExportedInterface
  setOperator(name: string | null): void
}

type Properties = readonly (readonly [string, DBusValue])[]

export function createTrayMenu(options: TrayMenuOptions): TrayMenu {
  const { texts } = options
  let revision = 1
  let operatorName: string | null = null

  const itemProperties = (id: number): Properties | null => {
    switch (id) {
      case MenuItemId.Root:
        return [['children-display', variant('s', 'submenu')]]
      case MenuItemId.Operator:
        return [
          ['label', variant('s', escapeMnemonic(texts.connected(operatorName)))],
          ['enabled', variant('b', false)],
        ]
      case MenuItemId.Stop:
        return [
          ['label', variant('s', texts.stop)],
          ['enabled', variant('b', true)],
          ['icon-name', variant('s', 'process-stop')],
        ]
      default:
        return null
    }
  }
  const filtered = (id: number, names: readonly DBusValue[]): Properties => {
    const all = itemProperties(id) ?? []
    return names.length === 0 ? all : all.filter(([name]) => names.includes(name))
  }
  const children = (id: number): number[] =>
    id === MenuItemId.Root ? [MenuItemId.Operator, MenuItemId.Stop] : []
  const layout = (id: number, depth: number, names: readonly DBusValue[]): DBusValue => [
    id,
    filtered(id, names),
    depth === 0
      ? []
      : children(id).map((child) => variant('(ia{sv}av)', layout(child, depth - 1, names))),
  ]
  const known = (id: number) => {
    if (itemProperties(id) === null) {
      throw new DBusCallError(DBusErrorName.InvalidArgs, `no menu item ${id}`)
    }
  }
  const event = (id: number, eventId: string) => {
    known(id)
    // After the reply is on its way: stopping may close this very connection.
    if (id === MenuItemId.Stop && eventId === 'clicked') setImmediate(options.onStop)
  }

  const exported: ExportedInterface = {
    name: MENU_INTERFACE,
    methods: {
      GetLayout: {
        in: 'iias',
        out: 'u(ia{sv}av)',
        handle: ([parent, depth, names]) => {
          const id = asNumber(parent, 'parentId')
          known(id)
          // -1 is "all levels"; the menu is two levels deep.
          const levels = asNumber(depth, 'recursionDepth')
          return [revision, layout(id, levels < 0 ? 2 : levels, asArray(names, 'propertyNames'))]
        },
      },
      GetGroupProperties: {
        in: 'aias',
        out: 'a(ia{sv})',
        handle: ([ids, names]) => {
          const wanted = asArray(names, 'propertyNames')
          const found = asArray(ids, 'ids')
            .map((id) => asNumber(id, 'id'))
            .filter((id) => itemProperties(id) !== null)
          return [found.map((id) => [id, filtered(id, wanted)])]
        },
      },
      GetProperty: {
        in: 'is',
        out: 'v',
        handle: ([id, name]) => {
          const wanted = asString(name, 'name')
          const property = (itemProperties(asNumber(id, 'id')) ?? []).find(
            ([key]) => key === wanted,
          )
          if (property === undefined) {
            throw new DBusCallError(DBusErrorName.InvalidArgs, `no property ${wanted}`)
          }
          return [property[1]]
        },
      },
      Event: {
        in: 'isvu',
        out: '',
        handle: ([id, eventId]) => {
          event(asNumber(id, 'id'), asString(eventId, 'eventId'))
          return []
        },
      },
      EventGroup: {
        in: 'a(isvu)',
        out: 'ai',
        handle: ([events]) => {
          const errors: number[] = []
          for (const entry of asArray(events, 'events')) {
            const [id, eventId] = asArray(entry, 'event')
            const itemId = asNumber(id, 'id')
            if (itemProperties(itemId) === null) errors.push(itemId)
            else event(itemId, asString(eventId, 'eventId'))
          }
          return [errors]
        },
      },
      AboutToShow: {
        in: 'i',
        out: 'b',
        handle: ([id]) => {
          known(asNumber(id, 'id'))
          return [false]
        },
      },
      AboutToShowGroup: {
        in: 'ai',
        out: 'aiai',
        handle: ([ids]) => {
          const unknown = asArray(ids, 'ids')
            .map((id) => asNumber(id, 'id'))
            .filter((id) => itemProperties(id) === null)
          return [[], unknown]
        },
      },
    },
    properties: {
      Version: { signature: 'u', get: () => 3 },
      TextDirection: { signature: 's', get: () => 'ltr' },
      Status: { signature: 's', get: () => 'normal' },
      IconThemePath: { signature: 'as', get: () => [] },
    },
    signals: {
      ItemsPropertiesUpdated: 'a(ia{sv})a(ias)',
      LayoutUpdated: 'ui',
      ItemActivationRequested: 'iu',
    },
  }

  return {
    exported,
    setOperator: (name) => {
      if (name === operatorName) return
      operatorName = name
      revision += 1
      options.emit('LayoutUpdated', 'ui', [revision, MenuItemId.Root])
    },
  }
}

/** dbusmenu labels take `_` as the mnemonic marker; a name's own underscores stay as they are. */
function escapeMnemonic(label: string): string {
  return label.replaceAll('_', '__')
}
