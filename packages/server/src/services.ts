/**
 * What the features need from the process, built once in app.ts and handed to every routes
 * plugin as an option (no globals, so tests build as many apps as they like).
 */
import type { Kysely } from 'kysely'

import type { AuditLog } from './audit/audit.js'
import type { Cluster } from './cluster/cluster.js'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Mailer } from './mail/mailer.js'
import type { Metrics } from './ops/metrics.js'
import type { DataKeys } from './secrets/data-keys.js'
import type { FieldCipher } from './secrets/field-cipher.js'
import type { Store } from './store/db.js'
import type { Database } from './store/schema.js'

export interface Services {
  readonly config: Config
  readonly store: Store
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly keys: DataKeys
  readonly ciphers: {
    readonly email: FieldCipher
    readonly chat: FieldCipher
    readonly totp: FieldCipher
  }
  readonly audit: AuditLog
  /** This node's link to the others: where sessions are relayed, cross-node events. */
  readonly cluster: Cluster
  readonly metrics: Metrics
  /** Null when SMTP_URL is not set: invitations are then shown as links to copy. */
  readonly mailer: Mailer | null
  /** First-run: the one-time token that allows creating the first tenant; null once set up. */
  readonly setup: { token: string | null }
}

/** Options every routes plugin receives. */
export interface FeatureOptions {
  readonly services: Services
}
