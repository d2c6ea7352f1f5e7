/**
 * `GET /ws/device` (SPEC.md D1–D2): the installed agent's socket. Its credentials come in
 * the first message, never in the URL; see device-connection.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
// Brings in the `websocket: true` route option and handler types.
import type {} from '@fastify/websocket'
import type { RawData } from 'ws'

import { unencapsulated } from '../http/unencapsulated.js'
import { DeviceConnection } from './device-connection.js'
import type { Unattended } from './unattended.js'

export interface DeviceSocketRoutesOptions {
  readonly unattended: Unattended
}

const plugin: FastifyPluginAsyncTypebox<DeviceSocketRoutesOptions> = (app, { unattended }) => {
  app.get('/ws/device', { websocket: true, schema: { hide: true } }, (ws, request) => {
    const connection = new DeviceConnection(
      unattended,
      {
        send: (text) => {
          ws.send(text)
        },
        close: (code, reason) => {
          ws.close(code, reason)
        },
      },
      request.ip,
      (error) => {
        app.log.error({ err: error }, 'device socket failure')
      },
    )
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) connection.binary()
      else connection.message(toText(data))
    })
    ws.on('close', () => {
      connection.closed()
    })
    // An error is followed by 'close'; without a listener it would throw.
    ws.on('error', () => undefined)
  })
  app.addHook('preClose', () => {
    unattended.close()
    unattended.hub.close()
  })
  return Promise.resolve()
}

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

export const deviceSocketRoutes = unencapsulated('device-socket', plugin)
