/**
 * What an exported object offers: interfaces with methods, read-only properties and signals.
 * The connection answers org.freedesktop.DBus.Properties and Introspectable from this.
 * @module
 */
import type { MethodCall } from './message.js'
import type { DBusValue } from './values.js'

export interface ExportedMethod {
  /** Signature of the arguments; a call with other arguments gets InvalidArgs. */
  readonly in: string
  readonly out: string
  /** Returns the out values; throw DBusCallError for a named error reply. */
  readonly handle: (
    args: readonly DBusValue[],
    call: MethodCall,
  ) => readonly DBusValue[] | Promise<readonly DBusValue[]>
}

export interface ExportedProperty {
  readonly signature: string
  readonly get: () => DBusValue
}

export interface ExportedInterface {
  readonly name: string
  readonly methods: Readonly<Record<string, ExportedMethod>>
  readonly properties: Readonly<Record<string, ExportedProperty>>
  /** Signal name → signature of its arguments (for introspection). */
  readonly signals: Readonly<Record<string, string>>
}
