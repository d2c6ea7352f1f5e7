/**
 * Retention (DESIGN.md S13): each tenant's history and audit rows older than its
 * retention_days are deleted. Audit events of no tenant (failed redemptions of unknown
 * numbers) follow the server's default retention.
 */
import { purgeAuditEvents } from '../audit/audit.js'
import { deleteConversationsBefore } from '../chat/conversation-store.js'
import type { Services } from '../services.js'
import * as store from './store.js'

type Deps = Pick<Services, 'db' | 'clock' | 'config'>

const DAY_MS = 24 * 60 * 60_000

export interface PurgeCounts {
  readonly sessions: number
  readonly auditEvents: number
}

export function retentionCutoff(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - Math.max(1, retentionDays) * DAY_MS).toISOString()
}

export async function purgeExpiredHistory(deps: Deps): Promise<PurgeCounts> {
  const now = deps.clock.now()
  let sessions = 0
  let auditEvents = 0
  for (const tenant of await store.listTenantRetention(deps.db)) {
    const cutoff = retentionCutoff(now, tenant.retention_days)
    sessions += await store.deleteSessionsBefore(deps.db, tenant.id, cutoff)
    auditEvents += await purgeAuditEvents(deps.db, tenant.id, cutoff)
    // Chat transcripts with no activity since the cutoff go too (their messages with them).
    await deleteConversationsBefore(deps.db, tenant.id, cutoff)
  }
  const serverCutoff = retentionCutoff(now, deps.config.defaultRetentionDays)
  auditEvents += await purgeAuditEvents(deps.db, null, serverCutoff)
  return { sessions, auditEvents }
}
