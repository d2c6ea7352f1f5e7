/**
 * "Request remote control" inside a chat (DESIGN.md S6): a session number for the operator
 * (method 'chat'), linked to the conversation, and the message that offers the customer its
 * download page /join/<code> (which picks the program for the customer's system).
 */
import type { ServerToChatClient } from '@tasuke/protocol'

import type { Services } from '../services.js'
import { createSession, type SessionView } from '../sessions/sessions.js'
import { linkSession } from './conversation-store.js'

type Request = Extract<ServerToChatClient, { type: 'remote-control-request' }>

export function downloadUrlFor(services: Pick<Services, 'config'>, code: string): string {
  return new URL(`/join/${code}`, services.config.publicUrl).toString()
}

export function remoteControlRequest(
  services: Pick<Services, 'config'>,
  conversationId: string,
  code: string,
): Request {
  return {
    type: 'remote-control-request',
    conversationId,
    sessionCode: code,
    downloadUrl: downloadUrlFor(services, code),
  }
}

export async function requestRemoteControl(
  services: Services,
  input: {
    conversationId: string
    tenantId: string
    operatorId: string
    operatorIp: string
  },
): Promise<{ session: SessionView; request: Request }> {
  const session = await createSession(services, {
    tenantId: input.tenantId,
    operatorId: input.operatorId,
    method: 'chat',
    expiresInMinutes: services.config.sessionCodeDefaultMinutes,
    operatorIp: input.operatorIp,
  })
  await linkSession(services.db, input.conversationId, session.id)
  return { session, request: remoteControlRequest(services, input.conversationId, session.code) }
}
