import { execFile } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { promisify } from 'node:util'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startPrivateBus, type PrivateBus } from './test-support/private-bus.js'
import { addMatch, callBus, connectToBus, nameHasOwner, requestName } from './bus.js'
import { DBusConnection } from './connection.js'
import { DBusCallError, DBusErrorName, DBusProtocolError } from './errors.js'
import type { ExportedInterface } from './exported-object.js'
import { encodeMessage, type Signal } from './message.js'
import { variant } from './values.js'

const CALCULATOR: ExportedInterface = {
  name: 'org.example.Calculator',
  methods: {
    Add: { in: 'ii', out: 'i', handle: ([a, b]) => [Number(a) + Number(b)] },
    Fail: {
      in: '',
      out: '',
      handle: () => {
        throw new DBusCallError('org.example.Error.Nope', 'no, thank you')
      },
    },
    Echo: { in: 'v', out: 'v', handle: ([value]) => [value ?? variant('s', '')] },
  },
  properties: {
    Name: { signature: 's', get: () => 'calculator' },
    Sizes: {
      signature: 'a{su}',
      get: () => [
        ['small', 1],
        ['large', 2],
      ],
    },
  },
  signals: { Changed: 's' },
}

describe('a D-Bus connection on a real private bus', () => {
  let bus: PrivateBus
  let server: DBusConnection
  let client: DBusConnection

  beforeAll(async () => {
    bus = await startPrivateBus()
    server = await connectToBus(bus.address)
    client = await connectToBus(bus.address)
    server.exportObject('/org/example/Calculator', [CALCULATOR])
  })

  afterAll(async () => {
    await client.close()
    await server.close()
    await bus.stop()
  })

  const call = (member: string, iface: string, signature = '', body: readonly unknown[] = []) =>
    client.call({
      destination: server.uniqueName,
      path: '/org/example/Calculator',
      interface: iface,
      member,
      signature,
      body: body as never,
    })

  it('says Hello and gets a unique name; owns a well-known name', async () => {
    expect(server.uniqueName).toMatch(/^:\d+\.\d+$/)
    expect(await requestName(server, 'org.example.Calculator')).toBe(true)
    expect(await nameHasOwner(client, 'org.example.Calculator')).toBe(true)
    expect(await nameHasOwner(client, 'org.example.Nobody')).toBe(false)
    // A second owner is refused while the first holds it.
    expect(await requestName(client, 'org.example.Calculator')).toBe(false)
  })

  it('answers method calls, by unique and by well-known name', async () => {
    expect(await call('Add', 'org.example.Calculator', 'ii', [2, 40])).toEqual([42])
    const [echoed] = await client.call({
      destination: 'org.example.Calculator',
      path: '/org/example/Calculator',
      interface: 'org.example.Calculator',
      member: 'Echo',
      signature: 'v',
      body: [
        variant('a(ix)', [
          [1, 2n],
          [-3, -4n],
        ]),
      ],
    })
    expect(echoed).toEqual(
      variant('a(ix)', [
        [1, 2n],
        [-3, -4n],
      ]),
    )
  })

  it('sends named errors, UnknownMethod, UnknownObject, InvalidArgs', async () => {
    await expect(call('Fail', 'org.example.Calculator')).rejects.toMatchObject({
      errorName: 'org.example.Error.Nope',
    })
    await expect(call('Missing', 'org.example.Calculator')).rejects.toMatchObject({
      errorName: DBusErrorName.UnknownMethod,
    })
    await expect(call('Add', 'org.example.Calculator', 's', ['x'])).rejects.toMatchObject({
      errorName: DBusErrorName.InvalidArgs,
    })
    await expect(
      client.call({
        destination: server.uniqueName,
        path: '/nowhere',
        interface: 'org.example.Calculator',
        member: 'Add',
        signature: 'ii',
        body: [1, 2],
      }),
    ).rejects.toMatchObject({ errorName: DBusErrorName.UnknownObject })
  })

  it('answers Properties Get/GetAll, refuses Set, and introspects', async () => {
    const properties = 'org.freedesktop.DBus.Properties'
    expect(await call('Get', properties, 'ss', ['org.example.Calculator', 'Name'])).toEqual([
      variant('s', 'calculator'),
    ])
    expect(await call('GetAll', properties, 's', ['org.example.Calculator'])).toEqual([
      [
        ['Name', variant('s', 'calculator')],
        [
          'Sizes',
          variant('a{su}', [
            ['small', 1],
            ['large', 2],
          ]),
        ],
      ],
    ])
    await expect(
      call('Get', properties, 'ss', ['org.example.Calculator', 'Nothing']),
    ).rejects.toMatchObject({ errorName: DBusErrorName.UnknownProperty })
    await expect(
      call('Set', properties, 'ssv', ['org.example.Calculator', 'Name', variant('s', 'x')]),
    ).rejects.toMatchObject({ errorName: DBusErrorName.PropertyReadOnly })
    const [xml] = await call('Introspect', 'org.freedesktop.DBus.Introspectable')
    expect(xml).toContain('<interface name="org.example.Calculator">')
    expect(xml).toContain('<method name="Add"><arg type="i" direction="in"/>')
    expect(xml).toContain('<property name="Sizes" type="a{su}" access="read"/>')
    const [root] = await client.call({
      destination: server.uniqueName,
      path: '/org/example',
      interface: 'org.freedesktop.DBus.Introspectable',
      member: 'Introspect',
    })
    expect(root).toContain('<node name="Calculator"/>')
  })

  it('delivers signals matched with AddMatch', async () => {
    await addMatch(client, `type='signal',sender='${server.uniqueName}',member='Changed'`)
    const received = new Promise<Signal>((resolve) => {
      const stop = client.onSignal((signal) => {
        stop()
        resolve(signal)
      })
    })
    server.emitSignal({
      path: '/org/example/Calculator',
      interface: 'org.example.Calculator',
      member: 'Changed',
      signature: 's',
      body: ['now'],
    })
    expect(await received).toMatchObject({
      member: 'Changed',
      body: ['now'],
      sender: server.uniqueName,
    })
  })

  it('rejects calls the bus refuses, and a message this client cannot encode', async () => {
    await expect(callBus(client, 'NoSuchMethod', '', [])).rejects.toBeInstanceOf(DBusCallError)
    await expect(
      client.call({ destination: 'x.y', path: 'not a path', interface: 'a.b', member: 'C' }),
    ).rejects.toThrow(/object path/)
  })

  it('refuses a uid the socket does not carry', async () => {
    const socket = connect({ path: bus.socketPath })
    await expect(DBusConnection.open(socket, (process.getuid?.() ?? 0) + 1, 2_000)).rejects.toThrow(
      /refused the authentication/,
    )
  })

  it('is understood by GIO (gdbus): calls, Properties with a{sv}, errors, introspection', async () => {
    const gdbus = async (method: string, ...args: string[]) => {
      const { stdout } = await promisify(execFile)('gdbus', [
        'call',
        '--address',
        bus.address,
        '--dest',
        server.uniqueName,
        '--object-path',
        '/org/example/Calculator',
        '--method',
        method,
        ...args,
      ])
      return stdout.trim()
    }
    expect(await gdbus('org.example.Calculator.Add', '2', '40')).toBe('(42,)')
    expect(await gdbus('org.freedesktop.DBus.Properties.GetAll', 'org.example.Calculator')).toBe(
      "({'Name': <'calculator'>, 'Sizes': <{'small': uint32 1, 'large': 2}>},)",
    )
    await expect(gdbus('org.example.Calculator.Fail')).rejects.toThrow(
      /org\.example\.Error\.Nope: no, thank you/,
    )
    const { stdout: xml } = await promisify(execFile)('gdbus', [
      'introspect',
      '--address',
      bus.address,
      '--dest',
      server.uniqueName,
      '--object-path',
      '/org/example/Calculator',
    ])
    expect(xml).toMatch(/Add\(in {2}i arg_0,\s+in {2}i arg_1,\s+out i arg_2\);/)
    expect(xml).toContain('readonly a{su} Sizes')
  })
})

describe('a D-Bus peer that sends garbage', () => {
  it('closes the connection with the reason and does not throw', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tasuke-bad-bus-'))
    const path = join(folder, 'socket')
    // Authenticates like a bus, answers Hello, then sends a message with a bad signature.
    const fake = createServer((socket) => {
      let text = ''
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1')
        if (text.includes('AUTH EXTERNAL') && !text.includes('BEGIN')) {
          socket.write('OK 0123456789abcdef0123456789abcdef\r\n')
          text = text.replace('AUTH EXTERNAL', 'AUTHED')
        }
        if (text.includes('BEGIN') && !text.includes('SENT')) {
          text += 'SENT'
          socket.write(
            encodeMessage({
              type: 'method-return',
              serial: 1,
              flags: 0,
              replySerial: 1,
              signature: 's',
              body: [':1.9'],
            }),
          )
          const bad = encodeMessage({
            type: 'signal',
            serial: 2,
            flags: 0,
            path: '/a',
            interface: 'a.b',
            member: 'C',
            signature: 's',
            body: ['x'],
          })
          // Corrupt the signature header field's value: "s" becomes "(".
          bad[bad.indexOf(0x73, 16)] = 0x28
          socket.write(bad)
        }
      })
    })
    await new Promise<void>((resolve) => fake.listen(path, resolve))
    try {
      const socket = connect({ path })
      const connection = await DBusConnection.open(socket, 0, 2_000)
      expect(connection.uniqueName).toBe(':1.9')
      const reason = await new Promise<Error | null>((resolve) => connection.onClose(resolve))
      expect(reason).toBeInstanceOf(DBusProtocolError)
      expect(connection.isOpen).toBe(false)
      await expect(callBus(connection, 'Ping', '', [])).rejects.toBeInstanceOf(DBusProtocolError)
    } finally {
      await new Promise((resolve) => fake.close(resolve))
      await rm(folder, { recursive: true, force: true })
    }
  })
})
