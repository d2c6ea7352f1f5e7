/**
 * E-mail invitations (DESIGN.md S5) through the real routes, a real SMTP listener on loopback
 * and both stores: the mail as received (both parts, link, expiry, language), bad input,
 * SMTP trouble, the address encrypted at rest and visible only to its tenant's history.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'

import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'

import { purgeExpiredHistory } from '../history/purge.js'
import { createSmtpMailer } from '../mail/smtp-mailer.js'
import { describeEachStore, type StoreFixture } from '../store/store.contract.js'
import {
  createTestApp,
  type TestApp,
  type TestOperator,
  testConfig,
} from '../test-support/test-app.js'
import { formatExpiry } from './expiry-text.js'
import { type SmtpListener, startSmtpListener } from '../mail/test-support/smtp-listener.js'

const testConfigLike = testConfig()
const CUSTOMER = 'Kunde.Invited-7f3e@distinctive-example.test'
const COMPANY = 'Acme <サポート> & Co.'

interface InvitedJson {
  session: { id: string; code: string; method: string; expiresAt: string; state: string }
  invitation: {
    sessionId: string
    email: string
    language: string
    delivery: 'pending' | 'sent' | 'failed'
    deliveryError: string | null
    attempts: number
  }
}

let smtp: SmtpListener
beforeAll(async () => {
  smtp = await startSmtpListener()
})
afterAll(() => smtp.close())

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) =>
    server.close(() => {
      done()
    }),
  )
  return port
}

async function storedBytes(fixture: StoreFixture): Promise<Buffer> {
  const { db } = fixture.store()
  const location = fixture.location()
  if (location.dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db)
    const files = [location.path, `${location.path}-wal`].filter((path) => existsSync(path))
    return Buffer.concat(files.map((path) => readFileSync(path)))
  }
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
  expect(tables.rows.map((row) => row.table_name)).toContain('session_invitations')
  const texts: string[] = []
  for (const { table_name: table } of tables.rows) {
    const rows = await sql<{
      row: string
    }>`select t::text as row from ${sql.table(table)} t`.execute(db)
    texts.push(...rows.rows.map((row) => row.row))
  }
  return Buffer.from(texts.join('\n'), 'utf8')
}

describeEachStore('e-mail invitations', (fixture) => {
  let t: TestApp
  let operator: TestOperator

  const setUp = async (smtpUrl: string | null) => {
    t = await createTestApp(fixture.store(), {
      mailer: smtpUrl === null ? null : createSmtpMailer(smtpUrl, 'Acme <noreply@tasuke.test>'),
    })
    const tenant = await t.createTenant(undefined, COMPANY)
    operator = await t.createOperator(tenant.id, 'operator')
  }
  afterEach(() => t.close())

  const invite = (payload: Record<string, unknown>, as: TestOperator = operator) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions/invitations',
      headers: as.headers,
      payload,
    })
  const resend = (sessionId: string, as: TestOperator = operator) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${sessionId}/invitation/resend`,
      headers: as.headers,
    })
  const open = (token: string) => t.app.inject({ method: 'GET', url: `/i/${token}` })
  const tokenOf = (text: string) => /https:\/\/tasuke\.test\/i\/([A-Za-z0-9_-]+)/.exec(text)?.[1]

  it('mails a Japanese invitation with both parts, the link and the expiry in JST', async () => {
    await setUp(smtp.url)
    const before = smtp.received.length
    const response = await invite({
      email: CUSTOMER,
      expiresInMinutes: 60,
      language: 'ja',
      timeZone: 'Asia/Tokyo',
    })
    expect(response.statusCode).toBe(201)
    const body = response.json<InvitedJson>()
    expect(body.session).toMatchObject({ method: 'email', state: 'waiting' })
    expect(body.invitation).toMatchObject({
      email: CUSTOMER,
      language: 'ja',
      delivery: 'sent',
      deliveryError: null,
      attempts: 1,
    })

    const mail = await smtp.waitFor(before)
    expect(mail.to).toEqual([CUSTOMER])
    expect(mail.contentTypes[0]).toMatch(/^multipart\/alternative/i)
    expect(mail.subject).toBe(`【${COMPANY}】リモートサポートのご案内`)
    const expiry = formatExpiry(new Date(body.session.expiresAt), 'ja', 'Asia/Tokyo')
    expect(expiry).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} \(JST\)$/)
    expect(mail.text).toContain(`このリンクは ${expiry} まで有効です。`)
    expect(mail.text).toContain(`${COMPANY} の operator `)
    expect(mail.text).toContain('「承諾」')
    const token = tokenOf(mail.text)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // The HTML part: same link, every value escaped, nothing loaded from elsewhere.
    expect(mail.html).toContain(`<html lang="ja">`)
    expect(mail.html).toContain(`href="https://tasuke.test/i/${token ?? ''}"`)
    expect(mail.html).toContain('Acme &lt;サポート&gt; &amp; Co.')
    expect(mail.html).not.toContain('<サポート>')
    expect(mail.html).toContain(expiry)
    expect(mail.html).not.toMatch(/<img|<script|src=/i)

    // The link leads to the join page of the number, in the mail's language.
    const followed = await open(token ?? '')
    expect(followed.statusCode).toBe(303)
    expect(followed.headers['location']).toBe(`/join/${body.session.code}?lang=ja`)
  })

  it('mails an English invitation with the expiry written out in UTC by default', async () => {
    await setUp(smtp.url)
    const before = smtp.received.length
    const response = await invite({ email: CUSTOMER, language: 'en' })
    expect(response.statusCode).toBe(201)
    const body = response.json<InvitedJson>()
    const mail = await smtp.waitFor(before)
    expect(mail.subject).toBe(`Remote support from ${COMPANY}`)
    const expiry = formatExpiry(new Date(body.session.expiresAt), 'en', 'UTC')
    expect(expiry).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} \(UTC\)$/)
    expect(mail.text).toContain(`The link is valid until ${expiry}.`)
    expect(mail.html).toContain('<html lang="en">')
    // 30 minutes: the server's default for session numbers.
    expect(Date.parse(body.session.expiresAt) - t.clock.now().getTime()).toBe(30 * 60_000)
  })

  it('refuses bad input with a clear message and creates nothing', async () => {
    await setUp(smtp.url)
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ email: 'not-an-address', language: 'ja' }, 'email', /valid e-mail address/],
      [{ email: CUSTOMER, language: 'de' }, 'language', /language/],
      [{ email: CUSTOMER, language: 'ja', expiresInMinutes: 1 }, 'expiresInMinutes', /at least 5/],
      [
        { email: CUSTOMER, language: 'ja', expiresInMinutes: 100_000 },
        'expiresInMinutes',
        /at most 1440/,
      ],
      [{ email: CUSTOMER, language: 'ja', timeZone: 'Mars/Olympus' }, 'timeZone', /IANA/],
      [{ language: 'ja' }, 'email', /required/],
    ]
    for (const [payload, field, message] of cases) {
      const response = await invite(payload)
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      const error = response.json<{ error: { details: { field: string }; message: string } }>()
      expect(error.error.details.field).toBe(field)
      expect(error.error.message).toMatch(message)
    }
    const sessions = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sessions?scope=all',
      headers: operator.headers,
    })
    expect(sessions.json<{ sessions: unknown[] }>().sessions).toEqual([])
  })

  it('says so before creating anything when no SMTP server is configured', async () => {
    await setUp(null)
    const response = await invite({ email: CUSTOMER, language: 'ja' })
    expect(response.statusCode).toBe(503)
    expect(response.json<{ error: { code: string } }>().error.code).toBe('mail-not-configured')
    const count = await t.store.db
      .selectFrom('support_sessions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenant_id', '=', operator.tenantId)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })

  it('reports an unreachable mail server to the operator and in the list', async () => {
    const port = await closedPort()
    await setUp(`smtp://127.0.0.1:${port}`)
    const response = await invite({ email: CUSTOMER, language: 'en' })
    expect(response.statusCode).toBe(201)
    const body = response.json<InvitedJson>()
    expect(body.invitation.delivery).toBe('failed')
    expect(body.invitation.deliveryError).toBe(
      `the mail server 127.0.0.1:${port} could not be reached`,
    )
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sessions/invitations',
      headers: operator.headers,
    })
    expect(list.json<{ invitations: InvitedJson['invitation'][] }>().invitations).toMatchObject([
      { sessionId: body.session.id, delivery: 'failed', email: CUSTOMER },
    ])
  })

  it('resends with a fresh link; the old link stops working', async () => {
    await setUp(smtp.url)
    const before = smtp.received.length
    const body = (await invite({ email: CUSTOMER, language: 'ja' })).json<InvitedJson>()
    const first = tokenOf((await smtp.waitFor(before)).text) ?? ''
    const resent = await resend(body.session.id)
    expect(resent.statusCode).toBe(200)
    expect(resent.json<InvitedJson>().invitation).toMatchObject({ delivery: 'sent', attempts: 2 })
    const second = tokenOf((await smtp.waitFor(before + 1)).text) ?? ''
    expect(second).not.toBe(first)
    expect((await open(first)).statusCode).toBe(404)
    expect((await open(second)).statusCode).toBe(303)

    // Another operator of the same tenant cannot resend it (admins can).
    const other = await t.createOperator(operator.tenantId, 'operator')
    const refused = await resend(body.session.id, other)
    expect(refused.statusCode).toBe(404)
  })

  it('shows an expired page in the mail language once the number expired or was cancelled', async () => {
    await setUp(smtp.url)
    let before = smtp.received.length
    await invite({ email: CUSTOMER, language: 'ja', expiresInMinutes: 5 })
    const token = tokenOf((await smtp.waitFor(before)).text) ?? ''
    t.clock.advance(5 * 60_000 + 1000)
    const expired = await open(token)
    expect(expired.statusCode).toBe(410)
    expect(expired.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(expired.headers['content-security-policy']).toContain("style-src 'self'")
    expect(expired.body).toContain('<html lang="ja">')
    expect(expired.body).toContain('リンクの有効期限が切れています')
    expect(expired.body).toContain('Acme &lt;サポート&gt; &amp; Co. にお問い合わせください')
    expect(expired.body).toContain('href="/join/page.css"')
    expect(expired.body).not.toMatch(/<script|style=/)

    before = smtp.received.length
    const body = (await invite({ email: CUSTOMER, language: 'en' })).json<InvitedJson>()
    const second = tokenOf((await smtp.waitFor(before)).text) ?? ''
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${body.session.id}/cancel`,
      headers: operator.headers,
    })
    const cancelled = await open(second)
    expect(cancelled.statusCode).toBe(410)
    expect(cancelled.body).toContain('This link has expired')

    const unknown = await open('A'.repeat(43))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('data-testid="invitation-unknown"')
    expect((await open('short')).statusCode).toBe(404)
  })

  it('keeps the address encrypted at rest and shows it only in its own tenant history', async () => {
    await setUp(smtp.url)
    const before = smtp.received.length
    const body = (await invite({ email: CUSTOMER, language: 'ja' })).json<InvitedJson>()
    await smtp.waitFor(before)

    const bytes = await storedBytes(fixture)
    expect(bytes.includes(Buffer.from(COMPANY.slice(0, 4), 'utf8'))).toBe(true)
    for (const secret of [CUSTOMER, CUSTOMER.toLowerCase()]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false)
    }

    const admin = await t.createOperator(operator.tenantId, 'admin')
    const history = await t.app.inject({
      method: 'GET',
      url: '/api/v1/history',
      headers: admin.headers,
    })
    const rows = history.json<{ rows: Array<{ id: string; customerEmail: string | null }> }>().rows
    expect(rows).toContainEqual(
      expect.objectContaining({ id: body.session.id, customerEmail: CUSTOMER }),
    )
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/history.csv',
      headers: admin.headers,
    })
    expect(csv.body.split('\r\n')[0]).toMatch(/,customer_email,device_name$/)
    expect(csv.body).toContain(CUSTOMER)

    const otherTenant = await t.createTenant()
    const stranger = await t.createOperator(otherTenant.id, 'admin')
    for (const url of ['/api/v1/history', '/api/v1/history.csv', '/api/v1/sessions/invitations']) {
      const response = await t.app.inject({ method: 'GET', url, headers: stranger.headers })
      expect(response.statusCode).toBe(200)
      expect(response.body).not.toContain(CUSTOMER)
      expect(response.body).not.toContain(body.session.id)
    }
    expect((await resend(body.session.id, stranger)).statusCode).toBe(404)
  })

  it('removes the address and the invitation with the history row at the end of retention', async () => {
    await setUp(smtp.url)
    const before = smtp.received.length
    const body = (await invite({ email: CUSTOMER, language: 'ja' })).json<InvitedJson>()
    await smtp.waitFor(before)
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${body.session.id}/cancel`,
      headers: operator.headers,
    })
    t.clock.advance(181 * 24 * 3600_000)
    await purgeExpiredHistory({ db: t.store.db, clock: t.clock, config: testConfigLike })
    const left = await t.store.db
      .selectFrom('session_invitations')
      .select('id')
      .where('session_id', '=', body.session.id)
      .execute()
    expect(left).toEqual([])
    const session = await t.store.db
      .selectFrom('support_sessions')
      .select('id')
      .where('id', '=', body.session.id)
      .execute()
    expect(session).toEqual([])
  })
})
