/**
 * The one error type routes throw for a client-facing failure. The error handler turns it
 * into `{ error: { code, message, details? } }` with the given status.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly statusCode: number,
    /** Stable, kebab-case, for programs: 'unknown-code', 'invalid-credentials', … */
    readonly code: string,
    /** For people: what went wrong and what to do. Never contains secrets or codes. */
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    /** Sent as a Retry-After header (seconds) when set. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new HttpError(400, code, message, details)
export const unauthorized = (message = 'Please log in.') =>
  new HttpError(401, 'unauthorized', message)
export const forbidden = (message = 'You do not have permission to do this.') =>
  new HttpError(403, 'forbidden', message)
export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} was not found.`)
export const conflict = (code: string, message: string) => new HttpError(409, code, message)
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new HttpError(429, 'rate-limited', message, { retryAfterSeconds }, retryAfterSeconds)
