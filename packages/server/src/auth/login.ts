/**
 * Log-in rules: one generic answer for every bad e-mail/password combination, a dummy hash
 * check for unknown accounts (so timing does not reveal them), TOTP as a second factor, and
 * two brakes on guessing — per account (5 failures in a row lock it for 1 minute, doubling with
 * each further failure up to 1 hour) and per client address (AttemptLimiter).
 */
import { AuditKind } from '../audit/audit.js'
import type { Clock } from '../clock.js'
import { HttpError, tooManyRequests } from '../http/http-error.js'
import { AttemptLimiter } from '../limits/attempt-limiter.js'
import { ipRateKey } from '../limits/ip-key.js'
import { emailIndexOf } from '../operators/operators.js'
import type { Services } from '../services.js'
import { defaultPasswordHasher, type PasswordHasher } from './passwords.js'
import {
  claimTotpStep,
  clearFailedLogins,
  findOperatorByEmailIndex,
  incrementFailedLogins,
  type OperatorRow,
  setLockedUntil,
} from './store.js'
import { matchTotp } from './totp.js'

export const ACCOUNT_LOCKOUT_THRESHOLD = 5
export const ACCOUNT_FIRST_LOCKOUT_MS = 60 * 1000
export const ACCOUNT_MAX_LOCKOUT_MS = 60 * 60 * 1000

export const LOGIN_IP_LIMITS = {
  maxFailures: 20,
  windowMs: 15 * 60 * 1000,
  firstLockoutMs: 5 * 60 * 1000,
  maxLockoutMs: 60 * 60 * 1000,
} as const

export const invalidCredentials = () =>
  new HttpError(401, 'invalid-credentials', 'The e-mail address or the password is wrong.')
export const totpRequired = () =>
  new HttpError(401, 'totp-required', 'Enter the 6-digit code from your authenticator app.')
export const totpInvalid = (status = 401) =>
  new HttpError(status, 'totp-invalid', 'The code from the authenticator app is wrong or used.')

/** How long the account stays locked after its `failures`-th failure in a row (0: not). */
export function accountLockoutMs(failures: number): number {
  if (failures < ACCOUNT_LOCKOUT_THRESHOLD) return 0
  const doublings = Math.min(failures - ACCOUNT_LOCKOUT_THRESHOLD, 30)
  return Math.min(ACCOUNT_FIRST_LOCKOUT_MS * 2 ** doublings, ACCOUNT_MAX_LOCKOUT_MS)
}

export interface LoginInput {
  readonly email: string
  readonly password: string
  readonly totpCode?: string | undefined
  readonly ip: string
}

type FailureReason =
  'unknown-account' | 'no-password' | 'disabled' | 'wrong-password' | 'wrong-totp'

/** One per app: holds the per-address limiter shared by everything that checks a secret. */
export class LoginGuard {
  readonly #ipLimiter: AttemptLimiter

  constructor(
    private readonly services: Services,
    private readonly hasher: PasswordHasher = defaultPasswordHasher,
    clock: Clock = services.clock,
  ) {
    this.#ipLimiter = new AttemptLimiter(LOGIN_IP_LIMITS, clock)
  }

  get passwordHasher(): PasswordHasher {
    return this.hasher
  }

  /** The operator whose credentials these are; throws the HTTP answer otherwise. */
  async login(input: LoginInput): Promise<OperatorRow> {
    this.assertAddressAllowed(input.ip)
    const { services } = this
    const operator = await findOperatorByEmailIndex(
      services.db,
      emailIndexOf(services, input.email),
    )
    if (operator === null) {
      await this.hasher.verifyDummy(input.password)
      return this.#refuse(input.ip, null, 'unknown-account')
    }
    const lockedForMs = this.#lockedForMs(operator)
    if (lockedForMs > 0) {
      this.#failAddress(input.ip)
      services.metrics.loginAttempts.inc({ result: 'locked' })
      throw tooManyRequests(
        'Too many wrong passwords for this account. Try again later.',
        Math.ceil(lockedForMs / 1000),
      )
    }
    if (operator.password_hash === null || operator.disabled !== 0) {
      await this.hasher.verifyDummy(input.password)
      return this.#refuse(input.ip, operator, operator.disabled ? 'disabled' : 'no-password')
    }
    if (!(await this.hasher.verify(operator.password_hash, input.password))) {
      return this.#refuse(input.ip, operator, 'wrong-password')
    }
    if (operator.totp_enabled !== 0) {
      if (input.totpCode === undefined || input.totpCode === '') {
        services.metrics.loginAttempts.inc({ result: 'totp-required' })
        throw totpRequired()
      }
      if (!(await this.#acceptTotp(operator, input.totpCode))) {
        return this.#refuse(input.ip, operator, 'wrong-totp')
      }
    }
    await clearFailedLogins(services.db, operator.id)
    services.metrics.loginAttempts.inc({ result: 'success' })
    await services.audit.record({
      tenantId: operator.tenant_id,
      kind: AuditKind.LoginSucceeded,
      ip: input.ip,
      operatorId: operator.id,
    })
    return operator
  }

  /** Refuses a request from an address that failed too often (429). */
  assertAddressAllowed(ip: string): void {
    const verdict = this.#ipLimiter.check(ipRateKey(ip))
    if (!verdict.allowed) {
      this.services.metrics.loginAttempts.inc({ result: 'rate-limited' })
      throw addressLimited(verdict.retryAfterMs)
    }
  }

  /**
   * Counts a wrong secret from a logged-in operator (current password, TOTP code) against the
   * address, so a stolen session cannot guess them without limit.
   */
  recordSecretFailure(ip: string): void {
    const verdict = this.#failAddress(ip)
    if (!verdict.allowed) throw addressLimited(verdict.retryAfterMs)
  }

  /** Checks a TOTP code against the operator's secret, once per time step. */
  async checkTotp(secretBase32: string, operatorId: string, code: string, lastStep: number) {
    const step = matchTotp(
      secretBase32,
      code.replace(/\s/g, ''),
      this.services.clock.now().getTime(),
      lastStep,
    )
    return step !== null && (await claimTotpStep(this.services.db, operatorId, step)) ? step : null
  }

  async #acceptTotp(operator: OperatorRow, code: string): Promise<boolean> {
    if (operator.totp_secret_cipher === null) return false
    const secret = this.services.ciphers.totp.decrypt(operator.totp_secret_cipher)
    return (await this.checkTotp(secret, operator.id, code, operator.totp_last_step)) !== null
  }

  #lockedForMs(operator: OperatorRow): number {
    if (operator.locked_until === null) return 0
    return Math.max(0, Date.parse(operator.locked_until) - this.services.clock.now().getTime())
  }

  #failAddress(ip: string) {
    return this.#ipLimiter.fail(ipRateKey(ip))
  }

  async #refuse(ip: string, operator: OperatorRow | null, reason: FailureReason): Promise<never> {
    const { services } = this
    const addressVerdict = this.#failAddress(ip)
    let lockoutMs = 0
    if (operator !== null && (reason === 'wrong-password' || reason === 'wrong-totp')) {
      const failures = await incrementFailedLogins(services.db, operator.id)
      lockoutMs = accountLockoutMs(failures)
      if (lockoutMs > 0) {
        const until = new Date(services.clock.now().getTime() + lockoutMs).toISOString()
        await setLockedUntil(services.db, operator.id, until)
      }
    }
    await services.audit.record({
      tenantId: operator?.tenant_id ?? null,
      kind: AuditKind.LoginFailed,
      ip,
      operatorId: operator?.id ?? null,
      detail: { reason },
    })
    if (lockoutMs > 0) {
      await services.audit.record({
        tenantId: operator?.tenant_id ?? null,
        kind: AuditKind.LoginLockedOut,
        ip,
        operatorId: operator?.id ?? null,
        detail: { scope: 'account', lockoutSeconds: lockoutMs / 1000 },
      })
      services.metrics.loginAttempts.inc({ result: 'locked' })
      throw tooManyRequests(
        'Too many wrong passwords for this account. Try again later.',
        Math.ceil(lockoutMs / 1000),
      )
    }
    if (!addressVerdict.allowed) {
      await services.audit.record({
        tenantId: operator?.tenant_id ?? null,
        kind: AuditKind.LoginLockedOut,
        ip,
        operatorId: operator?.id ?? null,
        detail: { scope: 'address', lockoutSeconds: Math.ceil(addressVerdict.retryAfterMs / 1000) },
      })
      services.metrics.loginAttempts.inc({ result: 'rate-limited' })
      throw addressLimited(addressVerdict.retryAfterMs)
    }
    if (reason === 'wrong-totp') {
      services.metrics.loginAttempts.inc({ result: 'totp-invalid' })
      throw totpInvalid()
    }
    services.metrics.loginAttempts.inc({ result: 'invalid-credentials' })
    throw invalidCredentials()
  }
}

const addressLimited = (retryAfterMs: number) =>
  tooManyRequests(
    'Too many failed log-ins from your network. Try again later.',
    Math.ceil(retryAfterMs / 1000),
  )
