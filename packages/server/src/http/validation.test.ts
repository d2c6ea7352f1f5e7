import { Type } from '@sinclair/typebox'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'

import { registerErrorHandling } from './errors.js'
import { registerValidation } from './validation.js'

async function appWithRoute() {
  const app = Fastify()
  registerErrorHandling(app)
  registerValidation(app)
  app.post(
    '/things',
    {
      schema: {
        body: Type.Object(
          { name: Type.String({ maxLength: 10 }), isOn: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, default: 5 }) }),
      },
    },
    (request) => ({ body: request.body, query: request.query }),
  )
  await app.ready()
  return app
}

describe('request validation', () => {
  it('takes bodies as sent and coerces query strings', async () => {
    const app = await appWithRoute()
    const response = await app.inject({
      method: 'POST',
      url: '/things?limit=7',
      payload: { name: 'lamp', isOn: true },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ body: { name: 'lamp', isOn: true }, query: { limit: 7 } })
    const defaults = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x' } })
    expect(defaults.json()).toMatchObject({ query: { limit: 5 } })
  })

  it.each([
    [{ name: 7 }, 'name'],
    [{ name: null }, 'name'],
    [{ name: ['x'] }, 'name'],
    [{ name: 'x', isOn: 'true' }, 'isOn'],
    [{ name: 'x', extra: 1 }, 'extra'],
    [{}, 'name'],
  ])('refuses the body %j naming the field', async (payload, field) => {
    const app = await appWithRoute()
    const response = await app.inject({ method: 'POST', url: '/things', payload })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      error: { code: 'invalid-request', details: { field } },
    })
  })

  it('refuses a query string that is not a number', async () => {
    const app = await appWithRoute()
    const response = await app.inject({
      method: 'POST',
      url: '/things?limit=x',
      payload: { name: 'a' },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { details: { field: 'limit' } } })
  })
})
