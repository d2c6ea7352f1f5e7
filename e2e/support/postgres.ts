/** A fresh PostgreSQL schema per test server, dropped afterwards. */
import { randomBytes } from 'node:crypto'

import pg from 'pg'

export const TEST_POSTGRES_URL =
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestSchema {
  readonly name: string
  /** TEST_POSTGRES_URL with the schema as the connections' search path. */
  readonly url: string
  drop(): Promise<void>
}

async function withClient<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  try {
    return await task(client)
  } finally {
    await client.end()
  }
}

export async function createTestSchema(): Promise<TestSchema> {
  const name = `e2e_${randomBytes(6).toString('hex')}`
  await withClient((client) => client.query(`create schema ${name}`))
  const url = new URL(TEST_POSTGRES_URL)
  url.searchParams.set('options', `-c search_path=${name}`)
  return {
    name,
    // URLSearchParams writes spaces as '+', which libpq-style parsers do not read as spaces.
    url: url.toString().replace(/\+/g, '%20'),
    drop: () =>
      withClient((client) => client.query(`drop schema if exists ${name} cascade`)).then(
        () => undefined,
      ),
  }
}
