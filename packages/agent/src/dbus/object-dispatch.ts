/**
 * Answers an incoming METHOD_CALL from the exported objects: the object's own methods, plus
 * Properties (Get, GetAll; Set is refused: all properties are read-only), Introspectable and
 * Peer. Unknown objects, interfaces, methods and properties get the standard errors.
 * @module
 */
import { DBusCallError, DBusErrorName } from './errors.js'
import type { ExportedInterface } from './exported-object.js'
import { introspectionXml } from './introspect.js'
import type { MethodCall } from './message.js'
import { asString, type DBusValue, variant } from './values.js'

export type Reply =
  | { readonly type: 'return'; readonly signature: string; readonly body: readonly DBusValue[] }
  | { readonly type: 'error'; readonly errorName: string; readonly message: string }

export async function answerCall(
  objects: ReadonlyMap<string, readonly ExportedInterface[]>,
  call: MethodCall,
): Promise<Reply> {
  try {
    return await dispatch(objects, call)
  } catch (error) {
    if (error instanceof DBusCallError) {
      return { type: 'error', errorName: error.errorName, message: error.message }
    }
    const message = error instanceof Error ? error.message : String(error)
    const errorName = error instanceof TypeError ? DBusErrorName.InvalidArgs : DBusErrorName.Failed
    return { type: 'error', errorName, message }
  }
}

async function dispatch(
  objects: ReadonlyMap<string, readonly ExportedInterface[]>,
  call: MethodCall,
): Promise<Reply> {
  const interfaces = objects.get(call.path) ?? null
  const is = (name: string, member: string, signature: string) =>
    (call.interface === undefined || call.interface === name) &&
    call.member === member &&
    call.signature === signature
  if (is('org.freedesktop.DBus.Introspectable', 'Introspect', '')) {
    return ok('s', [introspectionXml(interfaces, childrenOf(objects, call.path))])
  }
  if (is('org.freedesktop.DBus.Peer', 'Ping', '')) return ok('', [])
  if (interfaces === null) {
    throw new DBusCallError(DBusErrorName.UnknownObject, `no object at ${call.path}`)
  }
  if (call.interface === 'org.freedesktop.DBus.Properties') {
    return properties(interfaces, call)
  }
  for (const entry of interfaces) {
    if (call.interface !== undefined && call.interface !== entry.name) continue
    const method = entry.methods[call.member]
    if (method === undefined) continue
    if (call.signature !== method.in) {
      throw new DBusCallError(
        DBusErrorName.InvalidArgs,
        `${call.member} takes "${method.in}", not "${call.signature}"`,
      )
    }
    return ok(method.out, await method.handle(call.body, call))
  }
  throw new DBusCallError(
    DBusErrorName.UnknownMethod,
    `no method ${call.member}(${call.signature}) in ${call.interface ?? 'any interface'} at ${call.path}`,
  )
}

function properties(interfaces: readonly ExportedInterface[], call: MethodCall): Reply {
  const find = (value: DBusValue | undefined) => {
    const name = asString(value, 'interface name')
    const found = interfaces.find((entry) => entry.name === name)
    if (found === undefined) {
      throw new DBusCallError(DBusErrorName.UnknownInterface, `no interface ${name}`)
    }
    return found
  }
  const [interfaceName, propertyValue] = call.body
  switch (`${call.member}(${call.signature})`) {
    case 'Get(ss)': {
      const propertyName = asString(propertyValue, 'property name')
      const property = find(interfaceName).properties[propertyName]
      if (property === undefined) {
        throw new DBusCallError(DBusErrorName.UnknownProperty, `no property ${propertyName}`)
      }
      return ok('v', [variant(property.signature, property.get())])
    }
    case 'GetAll(s)': {
      const entries = Object.entries(find(interfaceName).properties).map(
        ([name, property]) => [name, variant(property.signature, property.get())] as const,
      )
      return ok('a{sv}', [entries])
    }
    case 'Set(ssv)':
      find(interfaceName)
      throw new DBusCallError(DBusErrorName.PropertyReadOnly, 'properties are read-only')
    default:
      throw new DBusCallError(
        DBusErrorName.UnknownMethod,
        `no method ${call.member}(${call.signature}) in org.freedesktop.DBus.Properties`,
      )
  }
}

function ok(signature: string, body: readonly DBusValue[]): Reply {
  return { type: 'return', signature, body }
}

/** The next path segment of every exported object below `path`. */
function childrenOf(objects: ReadonlyMap<string, unknown>, path: string): string[] {
  const prefix = path === '/' ? '/' : `${path}/`
  const names = new Set<string>()
  for (const key of objects.keys()) {
    if (key.startsWith(prefix) && key !== path) {
      const [name] = key.slice(prefix.length).split('/')
      if (name !== undefined && name !== '') names.add(name)
    }
  }
  return [...names]
}
