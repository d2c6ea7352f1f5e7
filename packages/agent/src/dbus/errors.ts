/** The two ways D-Bus goes wrong: bad bytes from the bus, and an error reply to a call. */

/** What was read from (or about to be written to) the bus breaks the wire format. */
export class DBusProtocolError extends Error {
  override readonly name = 'DBusProtocolError'
}

/** The peer answered a method call with an ERROR message. */
export class DBusCallError extends Error {
  override readonly name = 'DBusCallError'
  constructor(
    /** The D-Bus error name, e.g. `org.freedesktop.DBus.Error.UnknownMethod`. */
    readonly errorName: string,
    message: string,
  ) {
    super(`${errorName}: ${message}`)
  }
}

/** Standard error names this client sends. */
export const DBusErrorName = {
  UnknownMethod: 'org.freedesktop.DBus.Error.UnknownMethod',
  UnknownObject: 'org.freedesktop.DBus.Error.UnknownObject',
  UnknownInterface: 'org.freedesktop.DBus.Error.UnknownInterface',
  UnknownProperty: 'org.freedesktop.DBus.Error.UnknownProperty',
  PropertyReadOnly: 'org.freedesktop.DBus.Error.PropertyReadOnly',
  InvalidArgs: 'org.freedesktop.DBus.Error.InvalidArgs',
  Failed: 'org.freedesktop.DBus.Error.Failed',
} as const
