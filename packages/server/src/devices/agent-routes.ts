/**
 * The installed agent's side (docs/api.md "Devices"): POST /devices/enrol with a single-use
 * token (public, rate limited per address), POST /devices/heartbeat and GET /devices/self with
 * the device's own credential. Messages are written for whoever installs the agent.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { HttpError, tooManyRequests } from '../http/http-error.js'
import type { FeatureOptions } from '../services.js'
import { type DeviceCredential, parseDeviceAuthorization } from './credentials.js'
import { deviceSelf } from './device-history.js'
import { heartbeat, leave } from './devices.js'
import { EnrolGuard } from './enrol-guard.js'
import { enrol, type EnrolRefusal } from './enrolment.js'
import { AccessPolicySchema, DeviceSelfSchema, EnrolBody, HeartbeatBody } from './schemas.js'
import type { Unattended } from './unattended.js'

const NEW_TOKEN = 'Ask the support company for a new enrolment token.'

export interface DeviceAgentRouteOptions extends FeatureOptions {
  /** The enrolment limits (tests pass their own). */
  readonly guard?: EnrolGuard
  readonly unattended: Unattended
}

export const deviceAgentRoutes: FastifyPluginAsyncTypebox<DeviceAgentRouteOptions> = (
  app,
  options,
) => {
  const { services, unattended } = options
  const guard = options.guard ?? new EnrolGuard(services.clock)

  app.post(
    '/devices/enrol',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['devices'],
        summary: 'Enrol an installed agent with a single-use token (agents; no log-in)',
        security: [],
        body: EnrolBody,
        response: {
          201: Type.Object({
            deviceId: Type.String(),
            deviceSecret: Type.String({
              description: 'Sent as `Authorization: Device <deviceId>.<deviceSecret>`; shown once.',
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await enrol(services, guard, request.body, request.ip)
      if (result.ok) {
        return reply
          .code(201)
          .send({ deviceId: result.deviceId, deviceSecret: result.deviceSecret })
      }
      if (result.refusal === 'rate-limited') {
        throw tooManyRequests(
          'Too many enrolment attempts from your network. Please wait a little and try again.',
          Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
        )
      }
      if (result.lockedOut) request.log.warn('device enrolment locked out after repeated failures')
      throw enrolError(result.refusal)
    },
  )

  app.post(
    '/devices/heartbeat',
    {
      config: { ignoresSession: true },
      // An agent with nothing new to report may send no body at all.
      preValidation: (request, _reply, done) => {
        const body: unknown = request.body
        if (body === undefined) request.body = {}
        done()
      },
      schema: {
        tags: ['devices'],
        summary: 'An installed agent says it is alive (Authorization: Device <id>.<secret>)',
        security: [],
        body: HeartbeatBody,
        response: {
          200: Type.Object({ deviceId: Type.String(), policy: AccessPolicySchema }),
        },
      },
    },
    async (request) => {
      const credential = requireDeviceCredential(request.headers.authorization)
      const result = await heartbeat(services, credential, request.body, request.ip)
      if (result.ok) return { deviceId: result.deviceId, policy: result.policy }
      throw credentialError(result.reason)
    },
  )

  app.get(
    '/devices/self',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['devices'],
        summary:
          "An installed agent's own facts and last sessions (Authorization: Device <id>.<secret>)",
        security: [],
        response: { 200: DeviceSelfSchema },
      },
    },
    async (request) => {
      const credential = requireDeviceCredential(request.headers.authorization)
      const result = await deviceSelf(services, credential)
      if (result.ok) return result.self
      throw credentialError(result.reason)
    },
  )

  app.post(
    '/devices/leave',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['devices'],
        summary:
          'An installed agent removes itself (`agent uninstall`; Authorization: Device <id>.<secret>)',
        security: [],
        response: { 204: Type.Null({ description: 'The computer is removed and revoked.' }) },
      },
    },
    async (request, reply) => {
      const credential = requireDeviceCredential(request.headers.authorization)
      const result = await leave(services, credential, request.ip)
      if (!result.ok) throw credentialError(result.reason)
      await unattended.revoked(result.deviceId)
      return reply.code(204).send(null)
    },
  )
  return Promise.resolve()
}

function requireDeviceCredential(header: string | undefined): DeviceCredential {
  const credential = parseDeviceAuthorization(header)
  if (credential === null) {
    throw new HttpError(
      401,
      'invalid-device-credentials',
      'This request needs the header "Authorization: Device <deviceId>.<deviceSecret>" of an enrolled computer.',
    )
  }
  return credential
}

function credentialError(reason: 'unknown-device' | 'revoked-device'): HttpError {
  return reason === 'revoked-device'
    ? new HttpError(
        401,
        'revoked-device',
        'The support company revoked this computer. Enrol it again with a new enrolment token to be reachable.',
      )
    : new HttpError(
        401,
        'unknown-device',
        'This computer is not enrolled, or its credential is wrong. Enrol it again with a new enrolment token.',
      )
}

function enrolError(refusal: EnrolRefusal): HttpError {
  switch (refusal) {
    case 'unknown-token':
      return new HttpError(
        404,
        'unknown-token',
        `This enrolment token does not exist. Check that it was copied whole. ${NEW_TOKEN}`,
      )
    case 'expired-token':
      return new HttpError(410, 'expired-token', `This enrolment token has expired. ${NEW_TOKEN}`)
    case 'revoked-token':
      return new HttpError(
        410,
        'revoked-token',
        `This enrolment token was revoked by the support company. ${NEW_TOKEN}`,
      )
    case 'used-token':
      return new HttpError(
        409,
        'used-token',
        `This enrolment token has already been used to enrol a computer; each token works once. ${NEW_TOKEN}`,
      )
  }
}
