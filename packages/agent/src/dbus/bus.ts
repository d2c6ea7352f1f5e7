/**
 * Opening a session bus connection from an address, and the calls to the bus itself this
 * client needs (RequestName, NameHasOwner, AddMatch).
 * @module
 */
import { connect } from 'node:net'

import { parseBusAddress } from './address.js'
import { DBusConnection, DEFAULT_CALL_TIMEOUT_MS } from './connection.js'
import { DBusProtocolError } from './errors.js'
import { asNumber, type DBusValue } from './values.js'

export async function connectToBus(
  address: string,
  timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<DBusConnection> {
  const { path, description } = parseBusAddress(address)
  if (path.startsWith('\0') && !canReachAbstractSockets()) {
    throw new DBusProtocolError(
      `Node.js ${process.version} cannot connect to ${description} (abstract sockets need Node.js 24, which the agent executable has)`,
    )
  }
  const socket = connect({ path })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const uid = process.getuid?.() ?? 0
  return DBusConnection.open(socket, uid, timeoutMs)
}

/**
 * Node 20's libuv gives abstract socket names the wrong length (connect is refused); Node 24,
 * the agent executable's runtime, gets them right (both checked against dbus-daemon).
 */
export function canReachAbstractSockets(): boolean {
  return Number(process.versions.node.split('.')[0]) >= 24
}

const BUS = {
  destination: 'org.freedesktop.DBus',
  path: '/org/freedesktop/DBus',
  interface: 'org.freedesktop.DBus',
} as const

/** RequestName's answers (the specification's numbers). */
export const RequestNameReply = {
  PrimaryOwner: 1,
  InQueue: 2,
  Exists: 3,
  AlreadyOwner: 4,
} as const

/** Asks for `name` without queueing; resolves whether this connection now owns it. */
export async function requestName(connection: DBusConnection, name: string): Promise<boolean> {
  const DO_NOT_QUEUE = 0x4
  const [reply] = await connection.call({
    ...BUS,
    member: 'RequestName',
    signature: 'su',
    body: [name, DO_NOT_QUEUE],
  })
  const answer = asNumber(reply, 'RequestName reply')
  return answer === RequestNameReply.PrimaryOwner || answer === RequestNameReply.AlreadyOwner
}

export async function nameHasOwner(connection: DBusConnection, name: string): Promise<boolean> {
  const [reply] = await connection.call({
    ...BUS,
    member: 'NameHasOwner',
    signature: 's',
    body: [name],
  })
  return reply === true
}

export async function addMatch(connection: DBusConnection, rule: string): Promise<void> {
  await connection.call({ ...BUS, member: 'AddMatch', signature: 's', body: [rule] })
}

/** Calls a method on the bus itself (tests, and anything not wrapped above). */
export function callBus(
  connection: DBusConnection,
  member: string,
  signature: string,
  body: readonly DBusValue[],
): Promise<readonly DBusValue[]> {
  return connection.call({ ...BUS, member, signature, body })
}
