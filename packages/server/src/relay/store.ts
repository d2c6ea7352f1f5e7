/** The relay's one query: which session an agent token belongs to (by its SHA-256). */
import type { Kysely } from 'kysely'

import type { Database, SessionState } from '../store/schema.js'

export interface AgentSessionRow {
  readonly id: string
  readonly tenantId: string
  readonly state: SessionState
  readonly tenantName: string
  readonly operatorName: string | null
}

export async function findSessionByAgentTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<AgentSessionRow | undefined> {
  return db
    .selectFrom('support_sessions as s')
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .leftJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 's.operator_id').onRef('o.tenant_id', '=', 's.tenant_id'),
    )
    .select([
      's.id as id',
      's.tenant_id as tenantId',
      's.state as state',
      't.name as tenantName',
      'o.display_name as operatorName',
    ])
    .where('s.agent_token_hash', '=', tokenHash)
    .executeTakeFirst()
}
