/**
 * The database schema as Kysely sees it. Times are ISO-8601 UTC strings (sortable, portable
 * across SQLite and PostgreSQL); booleans are 0/1 integers; ids are random UUIDs.
 */
export interface TenantTable {
  id: string
  slug: string
  name: string
  brand_color: string
  logo_url: string | null
  retention_days: number
  created_at: string
}

export interface OperatorTable {
  id: string
  tenant_id: string
  /** AES-256-GCM ciphertext of the e-mail address (see secrets/field-cipher.ts). */
  email_cipher: string
  /** HMAC-SHA-256 blind index of the normalised address, unique across the service. */
  email_index: string
  display_name: string
  role: 'admin' | 'operator'
  /** argon2id; null until the invited operator sets a password. */
  password_hash: string | null
  /** AES-256-GCM ciphertext of the TOTP secret; null when TOTP is off. */
  totp_secret_cipher: string | null
  totp_enabled: number
  /** Last accepted TOTP time step, so a code cannot be used twice. */
  totp_last_step: number
  failed_logins: number
  locked_until: string | null
  disabled: number
  created_at: string
}

export interface InvitationTable {
  id: string
  tenant_id: string
  operator_id: string
  /** SHA-256 of the token sent in the invitation link. */
  token_hash: string
  expires_at: string
  used_at: string | null
  created_at: string
}

export interface WebSessionTable {
  /** SHA-256 of the cookie value. */
  id_hash: string
  operator_id: string
  tenant_id: string
  csrf_token: string
  created_at: string
  last_seen_at: string
  expires_at: string
  ip: string
  user_agent: string
}

export interface ApiKeyTable {
  id: string
  tenant_id: string
  name: string
  /** First characters of the key, shown so admins can tell keys apart. */
  prefix: string
  /** SHA-256 of the whole key. */
  key_hash: string
  /** The operator the key acts as (sessions created with it belong to this operator). */
  operator_id: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export type SessionState = 'waiting' | 'connecting' | 'active' | 'ended' | 'expired' | 'cancelled'
export type SessionMethod = 'code' | 'applet' | 'email' | 'chat' | 'unattended'

/** One row per support session; it is also the connection-history row (DESIGN.md S13). */
export interface SupportSessionTable {
  id: string
  tenant_id: string
  operator_id: string
  code: string
  method: SessionMethod
  state: SessionState
  created_at: string
  expires_at: string
  redeemed_at: string | null
  started_at: string | null
  ended_at: string | null
  customer_ip: string | null
  operator_ip: string | null
  agent_os: string | null
  outcome: string | null
  /** SHA-256 of the token the agent presents after redeeming; null before redemption. */
  agent_token_hash: string | null
  /** For e-mail invitations: AES-256-GCM ciphertext and blind index of the address. */
  invitee_email_cipher: string | null
  invitee_email_index: string | null
}

export type InvitationLanguage = 'ja' | 'en'
export type InvitationDelivery = 'pending' | 'sent' | 'failed'

/** An e-mail invitation to a support session (the address is on the session row, encrypted). */
export interface SessionInvitationTable {
  id: string
  tenant_id: string
  session_id: string
  operator_id: string
  /** SHA-256 of the token in the mailed link /i/<token>. */
  token_hash: string
  language: InvitationLanguage
  /** IANA time zone the expiry is written in (the operator's, sent by the console). */
  time_zone: string
  delivery: InvitationDelivery
  /** Why the last attempt failed, for people; never an address. */
  delivery_error: string | null
  attempts: number
  last_attempt_at: string | null
  created_at: string
}

/** A customer entry page's handle on one session's state (only its SHA-256 is kept). */
export interface EntryStatusHandleTable {
  handle_hash: string
  session_id: string
  tenant_id: string
  created_at: string
  expires_at: string
}

/** Codes of sessions that can still be redeemed or are running: unique across all tenants. */
export interface LiveCodeTable {
  code: string
  session_id: string
  created_at: string
}

export interface AuditEventTable {
  id: string
  tenant_id: string | null
  kind: string
  ip: string | null
  operator_id: string | null
  /** JSON text; never holds a session code, a password or a token. */
  detail: string
  created_at: string
}

export interface ChatConversationTable {
  id: string
  tenant_id: string
  session_id: string | null
  customer_name: string | null
  /** 'waiting' | 'active' | 'closed' for widget conversations (0001 wrote 'open'). */
  state: string
  created_at: string
  closed_at: string | null
  /** SHA-256 of the widget's customer token; null for conversations not opened by a widget. */
  customer_token_hash: string | null
  /** The operator who took the conversation. */
  operator_id: string | null
  taken_at: string | null
  /** The last message (client id) each side has read. */
  customer_read_id: string | null
  operator_read_id: string | null
  last_message_at: string | null
}

/** A tenant's chat widget settings. */
export interface ChatSettingsTable {
  tenant_id: string
  /** JSON array of origins allowed to embed the widget; empty means any origin. */
  allowed_origins: string
  updated_at: string
}

export interface ChatMessageTable {
  id: string
  conversation_id: string
  tenant_id: string
  sender: 'customer' | 'operator' | 'system'
  operator_id: string | null
  /** AES-256-GCM ciphertext with the chat key (a different key from e-mail addresses). */
  body_cipher: string
  created_at: string
  /** The id the sending client chose (unique in the conversation), shown on the wire. */
  client_id: string | null
  /** The message's place in its conversation, from 1. */
  seq: number | null
}

/** A single-use token that enrols one installed agent (only its SHA-256 is kept). */
export interface DeviceEnrolmentTokenTable {
  id: string
  tenant_id: string
  token_hash: string
  label: string | null
  /** The group the enrolled device joins. */
  group_name: string | null
  /** The operator who created it. */
  created_by: string
  created_at: string
  expires_at: string
  used_at: string | null
  used_by_device_id: string | null
  revoked_at: string | null
}

export type DevicePolicyMode = 'connect' | 'ask-then-connect' | 'always-ask'

/** An installed agent enrolled to a tenant (DESIGN.md S9). */
export interface DeviceTable {
  id: string
  tenant_id: string
  name: string
  group_name: string | null
  os_platform: string
  os_release: string
  os_arch: string
  agent_version: string
  /** SHA-256 of the device's secret. */
  secret_hash: string
  enrolment_token_id: string
  enrolled_at: string
  enrolled_ip: string | null
  last_seen_at: string | null
  last_ip: string | null
  /** The device's own access policy, stricter than the tenant's; null follows the tenant. */
  policy_mode: DevicePolicyMode | null
  policy_ask_seconds: number | null
  revoked_at: string | null
  /** When the device removed itself (`agent uninstall`); it is revoked at the same time. */
  left_at: string | null
}

/** A support session opened to an installed device (SPEC.md D3), with its agent token's life. */
export interface DeviceSessionTable {
  session_id: string
  device_id: string
  tenant_id: string
  /** The single-use agent token admits nobody after this time. */
  token_expires_at: string
  /** When the token admitted the device's agent socket; null while unused. */
  token_used_at: string | null
  created_at: string
}

/** A tenant's unattended-access policy (no row: the default, always ask). */
export interface DeviceSettingsTable {
  tenant_id: string
  policy_mode: DevicePolicyMode
  policy_ask_seconds: number | null
  updated_at: string
}

export interface Database {
  tenants: TenantTable
  operators: OperatorTable
  invitations: InvitationTable
  web_sessions: WebSessionTable
  api_keys: ApiKeyTable
  support_sessions: SupportSessionTable
  live_codes: LiveCodeTable
  session_invitations: SessionInvitationTable
  audit_events: AuditEventTable
  chat_conversations: ChatConversationTable
  chat_messages: ChatMessageTable
  chat_settings: ChatSettingsTable
  entry_status_handles: EntryStatusHandleTable
  device_enrolment_tokens: DeviceEnrolmentTokenTable
  devices: DeviceTable
  device_settings: DeviceSettingsTable
  device_sessions: DeviceSessionTable
}
