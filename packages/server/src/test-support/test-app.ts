/**
 * Builds a real app on a real database (SQLite or PostgreSQL) for in-process route tests,
 * and creates tenants and logged-in operators directly in the store, so a feature's tests do
 * not depend on another feature's routes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

import type { FastifyInstance, FastifyServerOptions } from 'fastify'

import { type AppOptions, buildApp } from '../app.js'
import { type Clock, manualClock } from '../clock.js'
import type { Config } from '../config.js'
import type { Mailer } from '../mail/mailer.js'
import { blindIndex, normaliseEmail } from '../secrets/blind-index.js'
import type { DataKeys } from '../secrets/data-keys.js'
import { createFieldCipher } from '../secrets/field-cipher.js'
import type { Store } from '../store/db.js'

export const SESSION_COOKIE = 'tasuke_session'

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    publicUrl: new URL('https://tasuke.test'),
    host: '127.0.0.1',
    port: 0,
    dataDir: '/nonexistent',
    database: { dialect: 'sqlite', path: ':memory:' },
    redisUrl: null,
    smtpUrl: null,
    mailFrom: 'tasuke <noreply@tasuke.test>',
    tls: { kind: 'self-signed' },
    keys: { kind: 'env', values: {} },
    trustedProxies: [],
    logLevel: 'silent',
    sessionCodeDefaultMinutes: 30,
    sessionCodeMinMinutes: 5,
    sessionCodeMaxMinutes: 1440,
    defaultRetentionDays: 180,
    purgeIntervalMinutes: 60,
    ...overrides,
  }
}

export function randomDataKeys(): DataKeys {
  return {
    email: randomBytes(32),
    emailIndex: randomBytes(32),
    chat: randomBytes(32),
    totp: randomBytes(32),
  }
}

export interface TestOperator {
  readonly id: string
  readonly tenantId: string
  readonly email: string
  readonly role: 'admin' | 'operator'
  /** Cookie and CSRF headers of a logged-in console session. */
  readonly headers: { cookie: string; 'x-csrf-token': string }
}

export interface TestApp {
  readonly app: FastifyInstance
  readonly clock: Clock & { advance(ms: number): void; set(date: Date): void }
  readonly keys: DataKeys
  readonly store: Store
  createTenant(slug?: string, name?: string): Promise<{ id: string; slug: string; name: string }>
  /** An operator with a log-in session (no password: use the auth routes to test log-in). */
  createOperator(
    tenantId: string,
    role?: 'admin' | 'operator',
    email?: string,
  ): Promise<TestOperator>
  close(): Promise<void>
}

export async function createTestApp(
  store: Store,
  options: {
    config?: Partial<Config>
    mailer?: Mailer | null
    setupToken?: string | null
    /** Logger options (default: none). */
    logger?: FastifyServerOptions['logger']
    /** Device socket figures (short heartbeats and timeouts in tests). */
    devices?: AppOptions['devices']
  } = {},
): Promise<TestApp> {
  const clock = manualClock(new Date())
  const keys = randomDataKeys()
  const app = await buildApp({
    config: testConfig(options.config),
    store,
    keys,
    clock,
    mailer: options.mailer ?? null,
    setupToken: options.setupToken ?? null,
    backgroundJobs: false,
    logger: options.logger ?? false,
    ...(options.devices === undefined ? {} : { devices: options.devices }),
  })
  await app.ready()
  const emailCipher = createFieldCipher(keys.email, 'email')
  const { db } = store

  return {
    app,
    clock,
    keys,
    store,
    async createTenant(slug = `t-${randomBytes(4).toString('hex')}`, name = 'Test Support Co.') {
      const id = randomUUID()
      await db
        .insertInto('tenants')
        .values({
          id,
          slug,
          name,
          brand_color: '#0b6bcb',
          logo_url: null,
          retention_days: 180,
          created_at: clock.now().toISOString(),
        })
        .execute()
      return { id, slug, name }
    },
    async createOperator(tenantId, role = 'operator', email) {
      const id = randomUUID()
      const address = email ?? `${role}-${randomBytes(4).toString('hex')}@example.com`
      const now = clock.now()
      await db
        .insertInto('operators')
        .values({
          id,
          tenant_id: tenantId,
          email_cipher: emailCipher.encrypt(address),
          email_index: blindIndex(keys.emailIndex, normaliseEmail(address)),
          display_name: `${role} ${address.split('@')[0] ?? ''}`,
          role,
          password_hash: null,
          totp_secret_cipher: null,
          totp_enabled: 0,
          totp_last_step: 0,
          failed_logins: 0,
          locked_until: null,
          disabled: 0,
          created_at: now.toISOString(),
        })
        .execute()
      const cookie = randomBytes(32).toString('base64url')
      const csrf = randomBytes(24).toString('base64url')
      await db
        .insertInto('web_sessions')
        .values({
          id_hash: createHash('sha256').update(cookie).digest('hex'),
          operator_id: id,
          tenant_id: tenantId,
          csrf_token: csrf,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 12 * 3600_000).toISOString(),
          ip: '127.0.0.1',
          user_agent: 'test',
        })
        .execute()
      return {
        id,
        tenantId,
        email: address,
        role,
        headers: { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrf },
      }
    },
    close: () => app.close(),
  }
}
