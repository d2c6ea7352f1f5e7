import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startPrivateBus, type PrivateBus } from './test-support/private-bus.js'
import { parseBusAddress } from './address.js'
import { canReachAbstractSockets, connectToBus } from './bus.js'
import { DBusProtocolError } from './errors.js'

describe('session bus addresses', () => {
  it('take the first unix path or abstract name, unescaping values', () => {
    expect(parseBusAddress('unix:path=/run/user/1000/bus')).toEqual({
      path: '/run/user/1000/bus',
      description: 'unix:path=/run/user/1000/bus',
    })
    expect(parseBusAddress('unix:abstract=/tmp/dbus-X,guid=0123').path).toBe('\0/tmp/dbus-X')
    expect(parseBusAddress('tcp:host=a,port=1;unix:path=/a%20b/bus').path).toBe('/a b/bus')
  })

  it('refuse addresses without a unix socket, and bad escapes', () => {
    for (const bad of ['', 'tcp:host=localhost,port=1', 'unix:tmpdir=/tmp', 'unix:path=/a%zz']) {
      expect(() => parseBusAddress(bad), bad).toThrow(DBusProtocolError)
    }
  })
})

describe('a bus on a Linux abstract socket', () => {
  let bus: PrivateBus
  beforeAll(async () => {
    bus = await startPrivateBus({ isAbstract: true })
  })
  afterAll(async () => {
    await bus.stop()
  })

  it.runIf(canReachAbstractSockets())('is reached through its unix:abstract address', async () => {
    expect(bus.address).toMatch(/^unix:abstract=/)
    const connection = await connectToBus(bus.address)
    expect(connection.uniqueName).toMatch(/^:1\.\d+$/)
    await connection.close()
  })

  it.skipIf(canReachAbstractSockets())(
    'is refused with a clear reason on an older Node.js',
    async () => {
      await expect(connectToBus(bus.address)).rejects.toThrow(
        /cannot connect to unix:abstract=.* \(abstract sockets need Node\.js 24/,
      )
    },
  )
})
