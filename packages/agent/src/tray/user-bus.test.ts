import { connect } from 'node:net'
import { mkdtemp, rm, writeFile, chown } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { connectToBus } from '../dbus/bus.js'
import { DBusConnection } from '../dbus/connection.js'
import { startPrivateBus } from '../dbus/test-support/private-bus.js'
import { connectAsUser, desktopUser, findStdioBridge } from './user-bus.js'

const isRoot = process.getuid?.() === 0
const NOBODY = { uid: 65534, gid: 65534 }

describe('the desktop user', () => {
  it('is the owner of XAUTHORITY, else of the X socket of DISPLAY', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tasuke-xauth-'))
    try {
      const file = join(folder, 'Xauthority')
      await writeFile(file, '')
      if (isRoot) await chown(file, 1234, 4321)
      const owner = isRoot
        ? { uid: 1234, gid: 4321 }
        : { uid: process.getuid?.(), gid: process.getgid?.() }
      expect(desktopUser({ XAUTHORITY: file, DISPLAY: ':999' })).toEqual(owner)
      // A missing XAUTHORITY and no X socket: nobody to be found.
      expect(desktopUser({ XAUTHORITY: join(folder, 'missing'), DISPLAY: ':9999' })).toBeNull()
      expect(desktopUser({ DISPLAY: 'remote:0' })).toBeNull()
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})

// Root only: the case of the installed service, with a real bus belonging to `nobody`.
describe.skipIf(!isRoot || findStdioBridge() === null)(
  "root and another user's session bus",
  () => {
    it('is refused on a direct connection, and gets through the bridge run as the user', async () => {
      const bus = await startPrivateBus({ user: NOBODY })
      let viaBridge: DBusConnection | null = null
      let asUser: DBusConnection | null = null
      try {
        await expect(connectToBus(bus.address, 2_000)).rejects.toThrow()
        // Claiming the user's uid does not help: the bus reads the socket's credentials.
        await expect(
          DBusConnection.open(connect({ path: bus.socketPath }), NOBODY.uid, 2_000),
        ).rejects.toThrow()

        viaBridge = await connectAsUser(NOBODY, bus.socketPath, 5_000)
        viaBridge.exportObject('/probe', [
          {
            name: 'org.example.Probe',
            methods: {
              Ping: {
                in: 's',
                out: 's',
                handle: ([text]) => [`pong ${typeof text === 'string' ? text : '?'}`],
              },
            },
            properties: {},
            signals: {},
          },
        ])
        await viaBridge.call({
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'RequestName',
          signature: 'su',
          body: ['org.example.Probe', 4],
        })
        // Another client of that bus (through a second bridge) reaches the object.
        asUser = await connectAsUser(NOBODY, bus.socketPath, 5_000)
        expect(
          await asUser.call({
            destination: 'org.example.Probe',
            path: '/probe',
            interface: 'org.example.Probe',
            member: 'Ping',
            signature: 's',
            body: ['from root'],
          }),
        ).toEqual(['pong from root'])
      } finally {
        await viaBridge?.close()
        await asUser?.close()
        await bus.stop()
      }
    })
  },
)
