/**
 * Every failure leaves the server as `{ error: { code, message, details? } }` (docs/api.md):
 * HttpError as thrown, schema validation as `400 invalid-request` naming the field, body
 * parsing problems with their own codes, and anything unexpected as a generic `500 internal`
 * whose details stay in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

import { HttpError } from './http-error.js'

export interface ErrorBody {
  readonly error: {
    readonly code: string
    readonly message: string
    readonly details?: Readonly<Record<string, unknown>>
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const failure = toHttpError(error)
    if (failure.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
    } else {
      request.log.debug({ code: failure.code }, 'request refused')
    }
    return sendError(reply, failure)
  })

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/')
    const message = isApi
      ? 'No API route matches this method and path (see /api/openapi.json).'
      : 'There is nothing at this address.'
    return sendError(reply, new HttpError(404, 'not-found', message))
  })
}

export function sendError(reply: FastifyReply, failure: HttpError): FastifyReply {
  if (failure.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(failure.retryAfterSeconds))))
  }
  const body: ErrorBody = {
    error: {
      code: failure.code,
      message: failure.message,
      ...(failure.details === undefined ? {} : { details: failure.details }),
    },
  }
  return reply.code(failure.statusCode).type('application/json; charset=utf-8').send(body)
}

/** Maps whatever was thrown to the error the client sees. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error
  const fastifyError = error as Partial<FastifyError>
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    const { field, message } = describeValidation(
      fastifyError.validation,
      fastifyError.validationContext ?? 'body',
    )
    return new HttpError(400, 'invalid-request', `${field}: ${message}`, {
      field,
      location: fastifyError.validationContext ?? 'body',
    })
  }
  switch (fastifyError.code ?? '') {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported-media-type', 'Send the body as application/json.')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body-too-large', 'The request body is larger than 64 KiB.')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'malformed-json', 'The request body is not valid JSON.')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(
        400,
        'malformed-json',
        'The request body is empty but its content-type is application/json: send a JSON ' +
          'object, or no content-type when there is nothing to send.',
      )
    default:
      break
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new HttpError(400, 'malformed-json', 'The request body is not valid JSON.')
  }
  const status = fastifyError.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad-request', 'The request could not be understood.')
  }
  return new HttpError(500, 'internal', 'Something went wrong on the server. Please try again.')
}

interface ValidationIssue {
  readonly keyword: string
  readonly instancePath: string
  readonly params: Record<string, unknown>
  readonly message?: string
}

/** `body/email must match format "email"` → `email: must be a valid e-mail address`. */
export function describeValidation(
  issues: readonly ValidationIssue[],
  location: string,
): { field: string; message: string } {
  const alternatives = issues.find((i) => i.keyword === 'anyOf' || i.keyword === 'oneOf')
  const issue = alternatives ?? issues[0]
  if (issue === undefined) return { field: location, message: 'is not valid' }
  const path = issue.instancePath.split('/').filter((part) => part !== '')
  const child = issue.params['missingProperty'] ?? issue.params['additionalProperty']
  if (typeof child === 'string') path.push(child)
  const field = path.length > 0 ? path.join('.') : location
  if (alternatives !== undefined) {
    const siblings = issues.filter((i) => i.instancePath === issue.instancePath && i !== issue)
    return { field, message: describeAlternatives(siblings) }
  }
  return { field, message: describeIssue(issue) }
}

function describeAlternatives(branches: readonly ValidationIssue[]): string {
  const allowed: string[] = []
  for (const branch of branches) {
    if (branch.keyword === 'const') allowed.push(JSON.stringify(branch.params['allowedValue']))
    else if (branch.keyword === 'type') allowed.push(typeNoun(branch.params['type']))
    else return 'does not match any of the accepted forms'
  }
  return allowed.length > 0 ? `must be ${allowed.join(' or ')}` : 'is not valid'
}

const FORMATS: Readonly<Record<string, string>> = {
  email: 'must be a valid e-mail address',
  uri: 'must be a valid URL',
  url: 'must be a valid URL',
  'date-time': 'must be an ISO-8601 date and time such as 2026-01-31T09:00:00Z',
  date: 'must be a date such as 2026-01-31',
  uuid: 'must be a UUID',
  ipv4: 'must be an IPv4 address',
  ipv6: 'must be an IPv6 address',
}

function describeIssue(issue: ValidationIssue): string {
  const { params } = issue
  const limit = Number(params['limit'])
  switch (issue.keyword) {
    case 'required':
      return 'is required'
    case 'additionalProperties':
      return 'is not an accepted field'
    case 'type':
      return `must be ${typeNoun(params['type'])}`
    case 'format':
      return FORMATS[String(params['format'])] ?? `must be a valid ${String(params['format'])}`
    case 'minLength':
      return limit <= 1 ? 'must not be empty' : `must be at least ${limit} characters long`
    case 'maxLength':
      return `must be at most ${limit} characters long`
    case 'minimum':
      return `must be at least ${limit}`
    case 'maximum':
      return `must be at most ${limit}`
    case 'exclusiveMinimum':
      return `must be more than ${limit}`
    case 'exclusiveMaximum':
      return `must be less than ${limit}`
    case 'minItems':
      return `must have at least ${limit} items`
    case 'maxItems':
      return `must have at most ${limit} items`
    case 'pattern':
      return 'is not in the expected format'
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`
    case 'enum': {
      const values = Array.isArray(params['allowedValues']) ? params['allowedValues'] : []
      return `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
    }
    default:
      return issue.message ?? 'is not valid'
  }
}

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
}

function typeNoun(type: unknown): string {
  return String(type)
    .split(',')
    .map((name) => TYPE_NOUNS[name] ?? name)
    .join(' or ')
}
