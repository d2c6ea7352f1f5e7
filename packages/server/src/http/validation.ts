/**
 * Route-schema validation with two rule sets: JSON bodies are checked as sent (a number is
 * not text, `null` is not `""`, unknown fields are refused), while query strings, path
 * parameters and headers, which only ever carry text, are coerced to the schema's types.
 */
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifySchema } from 'fastify'

const COMMON: Options = {
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  // TypeBox marks schemas with symbol keys and some annotations Ajv does not know.
  strict: false,
}

function createAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...COMMON, coerceTypes })
  addFormats.default(ajv)
  return ajv
}

export function registerValidation(app: FastifyInstance): void {
  const strict = createAjv(false)
  const coercing = createAjv('array')
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as FastifySchema & object),
  )
}
