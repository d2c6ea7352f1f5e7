/** Neither the link's token nor the customer's address ever reaches the log (trace level). */
import { afterAll, beforeAll, expect, it } from 'vitest'

import { traceLog } from '../http/public-pages/test-support/page-tests.js'
import { createSmtpMailer } from '../mail/smtp-mailer.js'
import { createTestDatabase } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { type SmtpListener, startSmtpListener } from '../mail/test-support/smtp-listener.js'

const CUSTOMER = 'logged.customer.91ab@distinctive-example.test'

let smtp: SmtpListener
let t: TestApp
let drop: () => Promise<void>
const trace = traceLog()

beforeAll(async () => {
  smtp = await startSmtpListener()
  const database = await createTestDatabase('sqlite')
  drop = database.drop
  t = await createTestApp(database.store, {
    mailer: createSmtpMailer(smtp.url, 'noreply@tasuke.test'),
    logger: trace.options,
  })
})
afterAll(async () => {
  await t.close()
  await drop()
  await smtp.close()
})

it('logs no token and no address when inviting, failing validation and following links', async () => {
  const tenant = await t.createTenant()
  const operator = await t.createOperator(tenant.id)
  const invite = (language: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions/invitations',
      headers: operator.headers,
      payload: { email: CUSTOMER, language },
    })
  const invited = await invite('en')
  expect(invited.statusCode).toBe(201)
  expect((await invite('xx')).statusCode).toBe(400)
  const mail = await smtp.waitFor(0)
  const token = /\/i\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? ''
  expect(token).not.toBe('')
  expect((await t.app.inject({ method: 'GET', url: `/i/${token}` })).statusCode).toBe(303)
  expect((await t.app.inject({ method: 'GET', url: `/i/${'B'.repeat(43)}` })).statusCode).toBe(404)

  const log = trace.text()
  expect(log).toContain('/i/:token')
  expect(log).not.toContain(token)
  expect(log).not.toContain('B'.repeat(43))
  expect(log.toLowerCase()).not.toContain(CUSTOMER)
  const { code } = invited.json<{ session: { code: string } }>().session
  expect(log).not.toContain(code)
})
