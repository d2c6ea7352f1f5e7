/**
 * The console's side of installed agents (docs/api.md "Devices"): enrolment tokens and the
 * tenant's access policy for admins, the device list for every operator, and changes to a
 * device for admins.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { adminOnly, consoleOnly, operatorOnly } from '../auth/guards.js'
import { badRequest, conflict, HttpError, notFound } from '../http/http-error.js'
import { requireAdmin, requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import {
  listDevices,
  onlineSecondsOf,
  revokeDevice,
  setTenantPolicy,
  tenantPolicy,
  updateDevice,
} from './devices.js'
import {
  createEnrolmentToken,
  listEnrolmentTokens,
  revokeEnrolmentToken,
} from './enrolment-tokens.js'
import {
  AccessPolicySchema,
  CreateEnrolmentTokenBody,
  DeviceListQuery,
  DevicePatchBody,
  DeviceSchema,
  EnrolmentTokenSchema,
} from './schemas.js'
import type { Unattended } from './unattended.js'

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })
const PolicyAnswer = Type.Object({ policy: AccessPolicySchema })
const tags = ['devices']

export interface DevicesRoutesOptions extends FeatureOptions {
  readonly unattended: Unattended
}

export const devicesRoutes: FastifyPluginAsyncTypebox<DevicesRoutesOptions> = (
  app,
  { services, unattended },
) => {
  const { hub } = unattended
  app.get(
    '/enrolment-tokens',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Enrolment tokens of the company (admins)',
        response: { 200: Type.Object({ enrolmentTokens: Type.Array(EnrolmentTokenSchema) }) },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      return { enrolmentTokens: await listEnrolmentTokens(services, principal.tenantId) }
    },
  )

  app.post(
    '/enrolment-tokens',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Create a single-use enrolment token (admins)',
        body: CreateEnrolmentTokenBody,
        response: {
          201: Type.Object({
            enrolmentToken: EnrolmentTokenSchema,
            token: Type.String({ description: 'The whole token; shown only this once.' }),
            command: Type.String({ description: 'The install command with this token.' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      const created = await createEnrolmentToken(services, principal, request.body, request.ip)
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/enrolment-tokens/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Revoke an unused enrolment token (admins)',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Revoked.' }) },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      const result = await revokeEnrolmentToken(services, principal, request.params.id, request.ip)
      if (result === 'not-found') throw notFound('The enrolment token')
      if (result === 'used') {
        throw conflict(
          'token-used',
          'This token has already enrolled a computer. Revoke the computer in the device list instead.',
        )
      }
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/device-policy',
    {
      onRequest: operatorOnly,
      schema: {
        tags,
        summary: "The company's unattended-access policy",
        response: { 200: PolicyAnswer },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      return { policy: await tenantPolicy(services, principal.tenantId) }
    },
  )

  app.put(
    '/device-policy',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: "Set the company's unattended-access policy (admins)",
        body: Type.Object({ policy: AccessPolicySchema }, { additionalProperties: false }),
        response: { 200: PolicyAnswer },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      const policy = await setTenantPolicy(services, principal, request.body.policy, request.ip)
      await unattended.pushPolicies(principal.tenantId)
      return { policy }
    },
  )

  app.get(
    '/devices',
    {
      onRequest: operatorOnly,
      schema: {
        tags,
        summary: 'Installed computers of the company',
        querystring: DeviceListQuery,
        response: {
          200: Type.Object({
            devices: Type.Array(DeviceSchema),
            groups: Type.Array(Type.String(), { description: 'Group names in use.' }),
            policy: AccessPolicySchema,
            onlineSeconds: Type.Integer({ description: 'Online means a heartbeat this recent.' }),
          }),
        },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const listed = await listDevices(services, hub, principal.tenantId, {
        group: request.query.group?.trim() ?? null,
        status: request.query.status ?? null,
      })
      return { ...listed, onlineSeconds: onlineSecondsOf(services) }
    },
  )

  app.patch(
    '/devices/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Rename, regroup or set the policy of a computer (admins)',
        params: IdParams,
        body: DevicePatchBody,
        response: { 200: Type.Object({ device: DeviceSchema }) },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      const result = await updateDevice(
        services,
        principal,
        request.params.id,
        request.body,
        request.ip,
      )
      if (result.ok) {
        if (request.body.policyOverride !== undefined) {
          await unattended.pushPolicies(principal.tenantId, request.params.id)
        }
        // The store knows the last heartbeat; the hub knows whether its socket is open.
        const online = result.device.status === 'offline' && hub.isOnline(result.device.id)
        return { device: online ? { ...result.device, status: 'online' as const } : result.device }
      }
      switch (result.reason) {
        case 'not-found':
          throw notFound('The computer')
        case 'revoked':
          throw conflict(
            'device-revoked',
            'This computer was revoked and can no longer be changed.',
          )
        case 'policy-too-lax':
          throw badRequest(
            'policy-too-lax',
            "A computer's own policy can only be stricter than the company's policy.",
            { field: 'policyOverride' },
          )
      }
    },
  )

  app.delete(
    '/devices/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Revoke a computer at once (admins)',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Revoked.' }) },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      if (!(await revokeDevice(services, principal, request.params.id, request.ip))) {
        throw notFound('The computer')
      }
      await unattended.revoked(request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/devices/:id/connect',
    {
      // A person at the console connects and watches; an API key may not open a screen.
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Connect to an online computer without a session number (SPEC.md D3)',
        params: IdParams,
        response: {
          201: Type.Object({
            sessionId: Type.String(),
            viewerUrl: Type.String({ description: "The console's viewer of the new session." }),
          }),
        },
      },
    },
    async (request, reply) => {
      const principal = requireOperator(request)
      const result = await unattended.connect(principal, request.params.id, request.ip)
      if (result.ok) {
        return reply.code(201).send({ sessionId: result.sessionId, viewerUrl: result.viewerUrl })
      }
      switch (result.reason) {
        case 'not-found':
          throw notFound('The computer')
        case 'revoked':
          throw new HttpError(
            410,
            'device-revoked',
            'This computer was revoked. Enrol it again with a new enrolment token to reach it.',
          )
        case 'offline':
          throw conflict(
            'device-offline',
            'This computer is offline: it is switched off, has no network, or its agent is not running. Try again when it shows as online.',
          )
      }
    },
  )
  return Promise.resolve()
}
