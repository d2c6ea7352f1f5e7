/**
 * At-rest proof (DESIGN.md S12): an e-mail address and a chat line written the way the
 * features write them never appear in clear in the SQLite file (nor its WAL) or in any
 * PostgreSQL table; the chat line is sealed with the chat key, not the e-mail key.
 */
import { existsSync, readFileSync } from 'node:fs'

import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { insertChatConversation, insertChatMessage, listChatMessages } from '../chat/store.js'
import { describeEachStore, type StoreFixture } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { blindIndex, normaliseEmail } from './blind-index.js'
import { createFieldCipher, FieldCipherError } from './field-cipher.js'

const OPERATOR_EMAIL = 'AtRest.Operator.b7f3@distinctive-example.test'
const ADMIN_EMAIL = 'at-rest.admin.4c1d@distinctive-example.test'
const ADMIN_PASSWORD = 'AtRest-Password-9e2a-long'
const CHAT_LINE = 'My bank PIN is 4711-AT-REST-CHAT-LINE and 暗証番号は秘密です'
/** Stored in clear on purpose: proves the scan sees what is there. */
const TENANT_NAME = 'AtRestVisibleTenant-5d0e'

const SECRETS = [
  OPERATOR_EMAIL,
  normaliseEmail(OPERATOR_EMAIL),
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  CHAT_LINE,
]

/** Every stored byte: the SQLite file and its WAL, or each PostgreSQL row as text. */
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
  expect(tables.rows.map((row) => row.table_name)).toContain('chat_messages')
  const texts: string[] = []
  for (const { table_name: table } of tables.rows) {
    const rows = await sql<{
      row: string
    }>`select t::text as row from ${sql.table(table)} t`.execute(db)
    texts.push(...rows.rows.map((row) => row.row))
  }
  return Buffer.from(texts.join('\n'), 'utf8')
}

function contains(haystack: Buffer, needle: string): boolean {
  return (
    haystack.includes(Buffer.from(needle, 'utf8')) ||
    haystack.includes(Buffer.from(needle, 'utf16le'))
  )
}

describeEachStore('at-rest protection', (fixture) => {
  let test: TestApp
  let tenantId: string
  let storedChat: string

  beforeAll(async () => {
    test = await createTestApp(fixture.store(), { setupToken: 'first-run-token' })
    const { db } = fixture.store()

    // The first administrator, through the real first-run route (argon2id + e-mail cipher).
    const setup = await test.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        token: 'first-run-token',
        tenantName: TENANT_NAME,
        tenantSlug: 'at-rest',
        adminName: 'At Rest Admin',
        adminEmail: ADMIN_EMAIL,
        password: ADMIN_PASSWORD,
      },
    })
    expect(setup.statusCode).toBe(201)
    tenantId = setup.json<{ tenant: { id: string } }>().tenant.id

    // An operator the way the identity feature stores one (e-mail cipher + blind index).
    const operator = await test.createOperator(tenantId, 'operator', OPERATOR_EMAIL)

    const chat = createFieldCipher(test.keys.chat, 'chat')
    const conversationId = await insertChatConversation(db, {
      tenantId,
      sessionId: null,
      customerName: null,
      now: test.clock.now(),
    })
    await insertChatMessage(db, chat, {
      tenantId,
      conversationId,
      sender: 'customer',
      operatorId: null,
      text: CHAT_LINE,
      now: test.clock.now(),
    })
    test.clock.advance(1000)
    await insertChatMessage(db, chat, {
      tenantId,
      conversationId,
      sender: 'operator',
      operatorId: operator.id,
      text: 'Please do not tell me your PIN.',
      now: test.clock.now(),
    })
    const row = await db
      .selectFrom('chat_messages')
      .select('body_cipher')
      .where('conversation_id', '=', conversationId)
      .where('sender', '=', 'customer')
      .executeTakeFirstOrThrow()
    storedChat = row.body_cipher
    expect((await listChatMessages(db, chat, tenantId, conversationId)).map((m) => m.text)).toEqual(
      [CHAT_LINE, 'Please do not tell me your PIN.'],
    )
  })

  afterAll(async () => {
    await test.close()
  })

  it('stores no e-mail address, password or chat line in clear', async () => {
    const bytes = await storedBytes(fixture)
    expect(contains(bytes, TENANT_NAME), 'the scan sees clear text that is stored').toBe(true)
    for (const secret of SECRETS) {
      expect(contains(bytes, secret), secret).toBe(false)
    }
  })

  it('stores e-mail addresses as AES-256-GCM ciphertext plus an HMAC blind index', async () => {
    const row = await fixture
      .store()
      .db.selectFrom('operators')
      .select(['email_cipher', 'email_index'])
      .where('email_index', '=', blindIndex(test.keys.emailIndex, normaliseEmail(OPERATOR_EMAIL)))
      .executeTakeFirstOrThrow()
    expect(row.email_cipher).toMatch(/^v1\./)
    expect(createFieldCipher(test.keys.email, 'email').decrypt(row.email_cipher)).toBe(
      OPERATOR_EMAIL,
    )
  })

  it('stores passwords as argon2id hashes', async () => {
    const rows = await fixture
      .store()
      .db.selectFrom('operators')
      .select('password_hash')
      .where('tenant_id', '=', tenantId)
      .where('password_hash', 'is not', null)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/)
  })

  it('seals chat lines with the chat key, which the e-mail key cannot open', () => {
    expect(Buffer.from(test.keys.chat).equals(Buffer.from(test.keys.email))).toBe(false)
    expect(createFieldCipher(test.keys.chat, 'chat').decrypt(storedChat)).toBe(CHAT_LINE)
    // Same purpose label, other key: authentication fails, so the keys really differ.
    expect(() => createFieldCipher(test.keys.email, 'chat').decrypt(storedChat)).toThrow(
      FieldCipherError,
    )
    expect(() => createFieldCipher(test.keys.email, 'email').decrypt(storedChat)).toThrow(
      FieldCipherError,
    )
  })
})
