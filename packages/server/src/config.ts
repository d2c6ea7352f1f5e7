/**
 * The server's configuration: environment variables and command-line flags, validated at
 * start. Every bad value is reported at once with what was wrong and what is expected.
 */
import type { DatabaseLocation } from './store/db.js'

export type TlsSource =
  | { readonly kind: 'files'; readonly certFile: string; readonly keyFile: string }
  | { readonly kind: 'self-signed' }

export type KeySource =
  /** Keys from environment variables (base64 or hex, 32 bytes each). */
  | { readonly kind: 'env'; readonly values: Readonly<Record<string, string>> }
  /** Keys from a JSON file (KEYS_FILE), generated there for the embedded default. */
  | { readonly kind: 'file'; readonly path: string; readonly generateIfMissing: boolean }

export interface Config {
  readonly publicUrl: URL
  readonly host: string
  readonly port: number
  readonly dataDir: string
  readonly database: DatabaseLocation
  readonly redisUrl: string | null
  readonly smtpUrl: string | null
  readonly mailFrom: string
  readonly tls: TlsSource
  readonly keys: KeySource
  /** Addresses/CIDRs whose X-Forwarded-For is believed. Empty: only the socket address. */
  readonly trustedProxies: readonly string[]
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Support-session number expiry: default and bounds, in minutes. */
  readonly sessionCodeDefaultMinutes: number
  readonly sessionCodeMinMinutes: number
  readonly sessionCodeMaxMinutes: number
  /** Default history retention of new tenants (DESIGN.md S13: 180 days). */
  readonly defaultRetentionDays: number
  readonly purgeIntervalMinutes: number
}
