/** Wire shapes of installed agents (docs/api.md "Devices"). */
import { type Static, Type } from '@sinclair/typebox'

import { PRINTABLE_TEXT_PATTERN } from '../operators/schemas.js'
import { ASK_SECONDS_MAX, ASK_SECONDS_MIN } from './policy.js'

export const NAME_MAX_LENGTH = 100
export const ENROLMENT_HOURS_MIN = 1
export const ENROLMENT_HOURS_MAX = 30 * 24
export const ENROLMENT_HOURS_DEFAULT = 24

const Text = (maxLength: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: PRINTABLE_TEXT_PATTERN,
    ...(description === undefined ? {} : { description }),
  })

export const GroupNameSchema = Text(NAME_MAX_LENGTH, 'A group of devices, e.g. a customer.')
const Time = Type.String({ format: 'date-time' })
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()])

export const AccessPolicySchema = Type.Union(
  [
    Type.Object({ mode: Type.Literal('connect') }, { additionalProperties: false }),
    Type.Object(
      {
        mode: Type.Literal('ask-then-connect'),
        askSeconds: Type.Integer({ minimum: ASK_SECONDS_MIN, maximum: ASK_SECONDS_MAX }),
      },
      { additionalProperties: false },
    ),
    Type.Object({ mode: Type.Literal('always-ask') }, { additionalProperties: false }),
  ],
  {
    description:
      'connect: without asking; ask-then-connect: ask, and connect if nobody answers within ' +
      'askSeconds; always-ask: only when someone at the computer allows it.',
  },
)

export const OsSchema = Type.Object(
  {
    platform: Type.String({ pattern: '^[a-z0-9]{1,20}$', description: 'linux, win32, darwin…' }),
    release: Text(100),
    arch: Type.String({ pattern: '^[a-z0-9_]{1,20}$', description: 'x64, arm64…' }),
  },
  { additionalProperties: false },
)

const AgentVersionSchema = Type.String({ pattern: '^[0-9A-Za-z.+-]{1,50}$' })

export const EnrolmentTokenSchema = Type.Object({
  id: Type.String(),
  label: Nullable(Type.String()),
  group: Nullable(Type.String()),
  createdBy: Type.Object({ id: Type.String(), displayName: Nullable(Type.String()) }),
  createdAt: Time,
  expiresAt: Time,
  status: Type.Union([
    Type.Literal('unused'),
    Type.Literal('used'),
    Type.Literal('expired'),
    Type.Literal('revoked'),
  ]),
  usedAt: Nullable(Time),
  usedBy: Type.Union([
    Type.Object({ id: Type.String(), name: Nullable(Type.String()) }),
    Type.Null(),
  ]),
  revokedAt: Nullable(Time),
})
export type EnrolmentTokenView = Static<typeof EnrolmentTokenSchema>

export const CreateEnrolmentTokenBody = Type.Object(
  {
    expiresInHours: Type.Optional(
      Type.Integer({ minimum: ENROLMENT_HOURS_MIN, maximum: ENROLMENT_HOURS_MAX }),
    ),
    group: Type.Optional(Nullable(GroupNameSchema)),
    label: Type.Optional(Nullable(Text(NAME_MAX_LENGTH))),
  },
  { additionalProperties: false },
)
export type CreateEnrolmentTokenInput = Static<typeof CreateEnrolmentTokenBody>

export const DeviceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  group: Nullable(Type.String()),
  os: Type.Object({ platform: Type.String(), release: Type.String(), arch: Type.String() }),
  agentVersion: Type.String(),
  status: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('revoked')]),
  lastSeenAt: Nullable(Time),
  enrolledAt: Time,
  revokedAt: Nullable(Time),
  policyOverride: Type.Union([AccessPolicySchema, Type.Null()]),
  effectivePolicy: AccessPolicySchema,
})
export type DeviceView = Static<typeof DeviceSchema>

export const DeviceListQuery = Type.Object(
  {
    group: Type.Optional(GroupNameSchema),
    status: Type.Optional(
      Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('revoked')], {
        description: 'Without it: every device that is not revoked.',
      }),
    ),
  },
  { additionalProperties: false },
)

export const DevicePatchBody = Type.Object(
  {
    name: Type.Optional(Text(NAME_MAX_LENGTH)),
    group: Type.Optional(Nullable(GroupNameSchema)),
    policyOverride: Type.Optional(Type.Union([Type.Null(), AccessPolicySchema])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type DevicePatchInput = Static<typeof DevicePatchBody>

export const EnrolBody = Type.Object(
  {
    token: Type.String({ maxLength: 200 }),
    name: Text(NAME_MAX_LENGTH, "The computer's name as the agent reads it."),
    os: OsSchema,
    agentVersion: AgentVersionSchema,
  },
  { additionalProperties: false },
)
export type EnrolInput = Static<typeof EnrolBody>

export const HeartbeatBody = Type.Object(
  { os: Type.Optional(OsSchema), agentVersion: Type.Optional(AgentVersionSchema) },
  { additionalProperties: false },
)
export type HeartbeatInput = Static<typeof HeartbeatBody>

export const DeviceSelfSchema = Type.Object({
  deviceName: Type.String(),
  tenantName: Type.String({ description: 'The support company the computer is installed for.' }),
  group: Nullable(Type.String()),
  policy: AccessPolicySchema,
  enrolledAt: Time,
  sessions: Type.Array(
    Type.Object({
      sessionId: Type.String(),
      operatorName: Type.String(),
      startedAt: Type.String({
        format: 'date-time',
        description: 'When it connected, or (never connected) when the operator asked.',
      }),
      endedAt: Nullable(Time),
      outcome: Nullable(
        Type.String({
          description:
            'completed, declined, not-connected, failed, cancelled, expired; null while it runs.',
        }),
      ),
    }),
    { description: "This computer's last 20 unattended sessions, newest first." },
  ),
})
