import { readFileSync } from 'node:fs'

import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import {
  type CreatedApiKeyJson,
  errorOf,
  invitationToken,
  type InvitedJson,
  type OperatorJson,
} from '../auth/test-support/identity.js'
import type { MailMessage, Mailer } from '../mail/mailer.js'
import { MailError } from '../mail/mailer.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

describeEachStore('operators routes', (fixture) => {
  let t: TestApp
  let tenantId: string
  let admin: TestOperator

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenantId = (await t.createTenant()).id
    admin = await t.createOperator(tenantId, 'admin')
  })

  const invite = (payload: Record<string, unknown>, headers = admin.headers, app = t.app) =>
    app.inject({ method: 'POST', url: '/api/v1/operators', headers, payload })
  const patch = (id: string, payload: Record<string, unknown>, headers = admin.headers) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/operators/${id}`, headers, payload })
  const list = (headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'GET', url: '/api/v1/operators', headers })
  const countOperators = async () =>
    (
      await t.store.db
        .selectFrom('operators')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .execute()
    ).length
  const uniqueEmail = () => `person-${Math.random().toString(36).slice(2)}@example.com`

  it('lists the tenant operators with decrypted e-mail addresses', async () => {
    const colleague = await t.createOperator(tenantId, 'operator')
    const response = await list()
    expect(response.statusCode).toBe(200)
    const operators = response.json<{ operators: OperatorJson[] }>().operators as {
      id: string
      email: string
    }[]
    expect(operators.map((o) => o.id).sort()).toEqual([admin.id, colleague.id].sort())
    expect(operators.find((o) => o.id === colleague.id)).toMatchObject({
      email: colleague.email,
      role: 'operator',
      hasPassword: false,
      totpEnabled: false,
      disabled: false,
    })
  })

  it('invites without SMTP: shows the link, mailed false', async () => {
    const response = await invite({ email: uniqueEmail(), displayName: 'Bob', role: 'operator' })
    expect(response.statusCode).toBe(201)
    const body = response.json<InvitedJson>()
    expect(body.mailed).toBe(false)
    expect(body.mailError).toBeUndefined()
    expect(body.invitationUrl).toMatch(/^https:\/\/tasuke\.test\/invite\/[A-Za-z0-9_-]{43}$/)
    const audit = await t.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'operator-invited')
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.detail).not.toContain('@')
    expect(audit[0]?.detail).not.toContain(invitationToken(body.invitationUrl))
  })

  it('still creates the operator when the mail cannot be sent, and says why', async () => {
    const sent: MailMessage[] = []
    const failing: Mailer = {
      send: (message) => {
        sent.push(message)
        return Promise.reject(new MailError('connection refused'))
      },
      close: () => undefined,
    }
    const withMail = await createTestApp(fixture.store(), { mailer: failing })
    try {
      const tenant = await withMail.createTenant()
      const boss = await withMail.createOperator(tenant.id, 'admin')
      const email = uniqueEmail()
      const response = await invite(
        { email, displayName: 'Carol <b>', role: 'admin' },
        boss.headers,
        withMail.app,
      )
      expect(response.statusCode).toBe(201)
      expect(response.json()).toMatchObject({ mailed: false, operator: { email, role: 'admin' } })
      expect(response.json<InvitedJson>().mailError).toContain('connection refused')
      expect(sent[0]?.html).toContain('Carol &lt;b&gt;')
      expect(sent[0]?.subject).toContain('Test Support Co.')
    } finally {
      await withMail.close()
    }
  })

  it('refuses an e-mail address already in use (409 email-taken), whatever its case', async () => {
    const email = uniqueEmail()
    expect((await invite({ email, displayName: 'A', role: 'operator' })).statusCode).toBe(201)
    const before = await countOperators()
    const again = await invite({ email: email.toUpperCase(), displayName: 'B', role: 'operator' })
    expect(again.statusCode).toBe(409)
    expect(errorOf(again).code).toBe('email-taken')
    const taken = await invite({ email: admin.email, displayName: 'C', role: 'operator' })
    expect(taken.statusCode).toBe(409)
    expect(await countOperators()).toBe(before)
  })

  it('renews an invitation; the old link stops working', async () => {
    const first = (
      await invite({ email: uniqueEmail(), displayName: 'D', role: 'operator' })
    ).json<InvitedJson>()
    const oldToken = invitationToken(first.invitationUrl)
    const renewed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operators/${first.operator.id}/invitation`,
      headers: admin.headers,
    })
    expect(renewed.statusCode).toBe(201)
    const newToken = invitationToken(renewed.json<InvitedJson>().invitationUrl)
    expect(newToken).not.toBe(oldToken)
    const show = (token: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })
    expect((await show(oldToken)).statusCode).toBe(404)
    expect((await show(newToken)).statusCode).toBe(200)
    await t.store.db
      .updateTable('operators')
      .set({ password_hash: 'set' })
      .where('id', '=', admin.id)
      .execute()
    const already = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operators/${admin.id}/invitation`,
      headers: admin.headers,
    })
    expect(already.statusCode).toBe(409)
    expect(errorOf(already).code).toBe('already-accepted')
  })

  it('renames, changes roles and disables; disabling ends sessions and API keys', async () => {
    const colleague = await t.createOperator(tenantId, 'admin')
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: colleague.headers,
      payload: { name: 'colleague tool' },
    })
    const bearer = { authorization: `Bearer ${key.json<CreatedApiKeyJson>().secret}` }
    expect((await list(bearer)).statusCode).toBe(200)

    const renamed = await patch(colleague.id, { displayName: '  Dana  ', role: 'operator' })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json<{ operator: OperatorJson }>().operator).toMatchObject({
      displayName: 'Dana',
      role: 'operator',
    })
    // The key acts with the operator's current role.
    expect((await list(bearer)).statusCode).toBe(403)

    const disabled = await patch(colleague.id, { disabled: true })
    expect(disabled.json<{ operator: OperatorJson }>().operator.disabled).toBe(true)
    const me = (headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })
    expect((await me(colleague.headers)).statusCode).toBe(401)
    expect((await me(bearer)).statusCode).toBe(401)
    const sessions = await t.store.db
      .selectFrom('web_sessions')
      .select('id_hash')
      .where('operator_id', '=', colleague.id)
      .execute()
    expect(sessions).toHaveLength(0)

    expect((await patch(colleague.id, { disabled: false })).statusCode).toBe(200)
    expect((await me(bearer)).statusCode).toBe(200)
    const audit = await t.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('kind', '=', 'operator-changed')
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(audit).toHaveLength(3)
  })

  it('does not let an admin change their own role or disable themself', async () => {
    for (const body of [{ role: 'operator' }, { disabled: true }]) {
      const response = await patch(admin.id, body)
      expect(response.statusCode).toBe(409)
      expect(errorOf(response).code).toBe('cannot-change-self')
    }
    const row = await t.store.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ role: 'admin', disabled: 0 })
    expect((await patch(admin.id, { displayName: 'Me Myself' })).statusCode).toBe(200)
    expect((await patch(admin.id, { role: 'admin', disabled: false })).statusCode).toBe(200)
  })

  it('answers 403 to operators who are not admins', async () => {
    const operator = await t.createOperator(tenantId, 'operator')
    const answers = [
      await list(operator.headers),
      await invite({ email: uniqueEmail(), displayName: 'E', role: 'admin' }, operator.headers),
      await patch(operator.id, { role: 'admin' }, operator.headers),
      await patch(admin.id, { disabled: true }, operator.headers),
    ]
    for (const answer of answers) {
      expect(answer.statusCode).toBe(403)
      expect(errorOf(answer).code).toBe('forbidden')
    }
    expect(
      (await list())
        .json<{ operators: OperatorJson[] }>()
        .operators.find((o) => o.id === operator.id)?.role,
    ).toBe('operator')
  })

  it("keeps tenants apart: another tenant's operators are not found", async () => {
    const otherTenant = await t.createTenant()
    const otherAdmin = await t.createOperator(otherTenant.id, 'admin')
    const stranger = await t.createOperator(otherTenant.id, 'operator')
    const listed = (await list())
      .json<{ operators: OperatorJson[] }>()
      .operators.map((o: { id: string }) => o.id)
    expect(listed).not.toContain(stranger.id)
    expect(listed).not.toContain(otherAdmin.id)
    const response = await patch(stranger.id, { disabled: true })
    expect(response.statusCode).toBe(404)
    expect(errorOf(response).code).toBe('not-found')
    const renew = await t.app.inject({
      method: 'POST',
      url: `/api/v1/operators/${stranger.id}/invitation`,
      headers: admin.headers,
    })
    expect(renew.statusCode).toBe(404)
    const row = await t.store.db
      .selectFrom('operators')
      .select('disabled')
      .where('id', '=', stranger.id)
      .executeTakeFirstOrThrow()
    expect(row.disabled).toBe(0)
  })

  const badInvites: [string, Record<string, unknown>, string][] = [
    ['no e-mail', { displayName: 'F', role: 'operator' }, 'email'],
    ['a bad e-mail', { email: 'not an address', displayName: 'F', role: 'operator' }, 'email'],
    [
      'a too long e-mail',
      { email: `${'a'.repeat(250)}@x.io`, displayName: 'F', role: 'operator' },
      'email',
    ],
    ['an unknown role', { email: 'f@example.com', displayName: 'F', role: 'root' }, 'role'],
    ['an empty name', { email: 'f@example.com', displayName: '', role: 'operator' }, 'displayName'],
    [
      'a too long name',
      { email: 'f@example.com', displayName: 'x'.repeat(101), role: 'operator' },
      'displayName',
    ],
    [
      'a name of the wrong type',
      { email: 'f@example.com', displayName: ['F', 'G'], role: 'operator' },
      'displayName',
    ],
    [
      'an unknown field',
      { email: 'f@example.com', displayName: 'F', role: 'operator', password: 'x' },
      'password',
    ],
  ]
  for (const [what, payload, field] of badInvites) {
    it(`refuses an invitation with ${what} (400 naming ${field}) and writes nothing`, async () => {
      const before = await countOperators()
      const response = await invite(payload)
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)).toMatchObject({ code: 'invalid-request', details: { field } })
      expect(await countOperators()).toBe(before)
    })
  }

  it('refuses bad changes (400) and writes nothing', async () => {
    const colleague = await t.createOperator(tenantId, 'operator')
    for (const [payload, field] of [
      [{ role: 'owner' }, 'role'],
      [{ disabled: 'yes' }, 'disabled'],
      [{ displayName: 'x'.repeat(101) }, 'displayName'],
      [{ email: 'new@example.com' }, 'email'],
    ] as const) {
      const response = await patch(colleague.id, payload)
      expect(response.statusCode).toBe(400)
      expect(errorOf(response).details?.field).toBe(field)
    }
    const row = await t.store.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', colleague.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ role: 'operator', disabled: 0 })
  })

  it('never stores an e-mail address in plain text', async () => {
    const marker = `plain-${Math.random().toString(36).slice(2)}@secret-domain.example`
    const response = await invite({ email: marker, displayName: 'G', role: 'operator' })
    expect(response.statusCode).toBe(201)
    const token = invitationToken(response.json<InvitedJson>().invitationUrl)
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'a good long password' },
    })
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: marker, password: 'wrong password here' },
    })
    const needles = [marker, marker.toLowerCase(), 'secret-domain']
    if (fixture.dialect === 'sqlite') {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.store.db)
      const location = fixture.location()
      if (location.dialect !== 'sqlite') throw new Error('expected a SQLite file')
      const bytes = readFileSync(location.path)
      for (const needle of needles) {
        expect(bytes.includes(Buffer.from(needle, 'utf8'))).toBe(false)
        expect(bytes.includes(Buffer.from(needle, 'utf16le'))).toBe(false)
      }
    } else {
      const tables = ['operators', 'invitations', 'web_sessions', 'audit_events', 'api_keys']
      for (const table of tables) {
        const { rows } = await sql<{
          row: string
        }>`select row_to_json(x)::text as row from ${sql.table(table)} x`.execute(t.store.db)
        expect(rows.length).toBeGreaterThanOrEqual(0)
        for (const { row } of rows) {
          for (const needle of needles) expect(row).not.toContain(needle)
        }
      }
      const operators = await sql<{
        row: string
      }>`select row_to_json(x)::text as row from operators x`.execute(t.store.db)
      expect(operators.rows.length).toBeGreaterThan(0)
    }
  })
})
