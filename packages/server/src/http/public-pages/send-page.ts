/**
 * Sends a customer's page: HTML in the language it is written in, never cached or stored
 * (its address may hold a session number, a status handle or an invitation token).
 */
import type { FastifyReply } from 'fastify'

import type { PageLanguage } from './language.js'

export interface PageAnswer {
  readonly status: number
  readonly language: PageLanguage
  /** The request headers the page is chosen by (for Vary); null when only the address. */
  readonly vary: string | null
  /** Whole seconds to wait before asking again (429, 503); null for none. */
  readonly retryAfterSeconds?: number | null
}

export function sendPublicPage(
  reply: FastifyReply,
  answer: PageAnswer,
  page: string,
): FastifyReply {
  void reply
    .code(answer.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-language', answer.language)
  if (answer.vary !== null) void reply.header('vary', answer.vary)
  const retryAfter = answer.retryAfterSeconds ?? null
  if (retryAfter !== null) void reply.header('retry-after', String(retryAfter))
  return reply.send(page)
}
