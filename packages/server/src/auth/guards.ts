/**
 * Route hooks that refuse a request before its body is even read: `onRequest: adminOnly`.
 * Handlers still call `requireOperator`/`requireAdmin` to get the typed principal.
 */
import { forbidden } from '../http/http-error.js'
import { requireAdmin, requireOperator } from '../http/principal.js'

type Request = Parameters<typeof requireOperator>[0]

/** A hook from a check that throws: a throw becomes the rejected promise Fastify expects. */
function asHook(check: (request: Request) => void): (request: Request) => Promise<void> {
  return (request) => Promise.resolve(request).then(check)
}

export const operatorOnly = asHook((request) => {
  requireOperator(request)
})

export const adminOnly = asHook((request) => {
  requireAdmin(request)
})

/** For what only a person at the console may do (not an API key): passwords, TOTP. */
export const consoleOnly = asHook((request) => {
  if (requireOperator(request).kind !== 'operator-session') {
    throw forbidden('This can only be done from the console, not with an API key.')
  }
})
