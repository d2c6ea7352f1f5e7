/**
 * API keys let a tenant's own tools use the HTTP API: `tsk_` + 32 random bytes (base64url).
 * Only the SHA-256 of a key is stored; a key acts as the operator who created it, with that
 * operator's current role, and stops working when it is revoked or the operator is disabled.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

import { AuditKind } from '../audit/audit.js'
import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import {
  type ApiKeyRow,
  findApiKey,
  findLiveApiKeyByHash,
  insertApiKey,
  listApiKeys as listApiKeyRows,
  revokeApiKey as revokeApiKeyRow,
  touchApiKey,
} from './store.js'

export const API_KEY_PREFIX = 'tsk_'
export const API_KEY_SECRET_BYTES = 32
/** Characters of the key shown in lists so admins can tell keys apart. */
export const API_KEY_SHOWN_PREFIX_LENGTH = 12
/** last_used_at is written at most this often. */
export const API_KEY_TOUCH_INTERVAL_MS = 60 * 1000

const API_KEY_PATTERN = /^tsk_[A-Za-z0-9_-]{43}$/

export interface ApiKeyView {
  readonly id: string
  readonly name: string
  readonly prefix: string
  readonly createdAt: string
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

export async function createApiKey(
  services: Services,
  principal: Principal,
  name: string,
  ip: string,
): Promise<{ apiKey: ApiKeyView; secret: string }> {
  const secret = API_KEY_PREFIX + randomBytes(API_KEY_SECRET_BYTES).toString('base64url')
  const row: ApiKeyRow = {
    id: randomUUID(),
    tenant_id: principal.tenantId,
    name,
    prefix: secret.slice(0, API_KEY_SHOWN_PREFIX_LENGTH),
    key_hash: hashApiKey(secret),
    operator_id: principal.operatorId,
    created_at: services.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  }
  await insertApiKey(services.db, row)
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.ApiKeyCreated,
    ip,
    operatorId: principal.operatorId,
    detail: { apiKeyId: row.id },
  })
  return { apiKey: toApiKeyView(row), secret }
}

export async function listApiKeys(services: Services, tenantId: string): Promise<ApiKeyView[]> {
  return (await listApiKeyRows(services.db, tenantId)).map(toApiKeyView)
}

/** Revokes a key of the tenant at once; false when the tenant has no such key. */
export async function revokeApiKey(
  services: Services,
  principal: Principal,
  id: string,
  ip: string,
): Promise<boolean> {
  const existing = await findApiKey(services.db, principal.tenantId, id)
  if (existing === null) return false
  const revoked = await revokeApiKeyRow(
    services.db,
    principal.tenantId,
    id,
    services.clock.now().toISOString(),
  )
  if (revoked) {
    await services.audit.record({
      tenantId: principal.tenantId,
      kind: AuditKind.ApiKeyRevoked,
      ip,
      operatorId: principal.operatorId,
      detail: { apiKeyId: id },
    })
  }
  return true
}

/** The principal of an `Authorization: Bearer tsk_…` key, or null when it is not a live key. */
export async function resolveApiKey(services: Services, key: string): Promise<Principal | null> {
  if (!API_KEY_PATTERN.test(key)) return null
  const row = await findLiveApiKeyByHash(services.db, hashApiKey(key))
  if (row === null || row.disabled !== 0) return null
  const now = services.clock.now()
  if (
    row.last_used_at === null ||
    now.getTime() - Date.parse(row.last_used_at) >= API_KEY_TOUCH_INTERVAL_MS
  ) {
    await touchApiKey(services.db, row.id, now.toISOString())
  }
  return {
    kind: 'api-key',
    operatorId: row.operator_id,
    tenantId: row.tenant_id,
    role: row.role,
    displayName: row.display_name,
    webSessionIdHash: null,
    csrfToken: null,
    apiKeyId: row.id,
  }
}
