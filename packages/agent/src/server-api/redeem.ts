/** Redeems the 8-digit number at the server: who wants to connect, and the agent's token. */
import { postJson } from './pinned-request.js'

export interface Redemption {
  readonly sessionId: string
  readonly agentToken: string
  readonly tenantName: string
  readonly operatorName: string
  readonly expiresAt: string
}

export type RedeemFailure =
  'invalid-code' | 'unknown-code' | 'expired-code' | 'used-code' | 'rate-limited' | 'server-error'

export type RedeemResult =
  | { readonly ok: true; readonly redemption: Redemption }
  | {
      readonly ok: false
      readonly failure: RedeemFailure
      readonly retryAfterSeconds: number | null
    }

const KNOWN_FAILURES: readonly RedeemFailure[] = [
  'invalid-code',
  'unknown-code',
  'expired-code',
  'used-code',
  'rate-limited',
]

export async function redeem(
  serverUrl: URL,
  code: string,
  fingerprint: string | null,
): Promise<RedeemResult> {
  const response = await postJson(new URL('/api/v1/redeem', serverUrl), { code }, fingerprint)
  if (response.status === 200) {
    const redemption = readRedemption(response.body)
    if (redemption !== null) return { ok: true, redemption }
    return { ok: false, failure: 'server-error', retryAfterSeconds: null }
  }
  const error = readError(response.body)
  const failure = KNOWN_FAILURES.find((known) => known === error.code) ?? 'server-error'
  return { ok: false, failure, retryAfterSeconds: error.retryAfterSeconds }
}

function readRedemption(body: unknown): Redemption | null {
  if (!isRecord(body)) return null
  const { sessionId, agentToken, tenant, operator, expiresAt } = body
  if (
    typeof sessionId !== 'string' ||
    typeof agentToken !== 'string' ||
    typeof expiresAt !== 'string' ||
    !isRecord(tenant) ||
    typeof tenant['name'] !== 'string' ||
    !isRecord(operator) ||
    typeof operator['displayName'] !== 'string'
  ) {
    return null
  }
  return {
    sessionId,
    agentToken,
    tenantName: tenant['name'],
    operatorName: operator['displayName'],
    expiresAt,
  }
}

function readError(body: unknown): { code: string | null; retryAfterSeconds: number | null } {
  const error = isRecord(body) ? body['error'] : null
  if (!isRecord(error)) return { code: null, retryAfterSeconds: null }
  const details = error['details']
  const retry = isRecord(details) ? details['retryAfterSeconds'] : null
  return {
    code: typeof error['code'] === 'string' ? error['code'] : null,
    retryAfterSeconds: typeof retry === 'number' ? retry : null,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
