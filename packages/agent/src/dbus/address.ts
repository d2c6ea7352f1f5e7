/**
 * Session bus addresses (`DBUS_SESSION_BUS_ADDRESS`): the first `unix:path=` or
 * `unix:abstract=` entry gives the socket to connect to; Linux abstract sockets are named
 * with a leading NUL, which Node's `net.connect` takes as is.
 * @module
 */
import { DBusProtocolError } from './errors.js'

export interface BusSocket {
  /** The path to pass to `net.connect` (abstract names start with '\0'). */
  readonly path: string
  /** For messages: the address entry it came from. */
  readonly description: string
}

export function parseBusAddress(address: string): BusSocket {
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':')
    if (colon < 0) continue
    const transport = entry.slice(0, colon)
    if (transport !== 'unix') continue
    const keys = new Map<string, string>()
    for (const pair of entry.slice(colon + 1).split(',')) {
      const equals = pair.indexOf('=')
      if (equals < 0) continue
      keys.set(pair.slice(0, equals), unescape(pair.slice(equals + 1)))
    }
    const path = keys.get('path')
    if (path !== undefined && path !== '') return { path, description: `unix:path=${path}` }
    const abstract = keys.get('abstract')
    if (abstract !== undefined && abstract !== '') {
      return { path: `\0${abstract}`, description: `unix:abstract=${abstract}` }
    }
  }
  throw new DBusProtocolError(`no unix socket in the bus address "${address}"`)
}

function unescape(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new DBusProtocolError(`bad escape in the bus address value "${value}"`)
  }
}
