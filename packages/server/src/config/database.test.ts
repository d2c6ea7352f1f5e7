import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { allKeys, useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('DATA_DIR', () => {
  it('is resolved to an absolute path and need not exist yet', () => {
    const config = load({ DATA_DIR: join(fixture.dir, 'later') })
    expect(config.dataDir).toBe(join(fixture.dir, 'later'))
    expect(config.keys).toMatchObject({ path: join(fixture.dir, 'later', 'keys.json') })
  })

  it('refuses a file', () => {
    const file = join(fixture.dir, 'a-file')
    writeFileSync(file, 'x')
    expect(problems({ DATA_DIR: file })).toEqual([`DATA_DIR: "${file}" exists and is not a folder`])
  })
})

describe('DATABASE_URL', () => {
  it.each([
    ['sqlite:/var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['sqlite:///var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['file:/var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['file:///var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['/var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['relative/db.sqlite', resolve('relative/db.sqlite')],
    ['sqlite:relative/db.sqlite', resolve('relative/db.sqlite')],
  ])('%s is a SQLite file at %s', (url, path) => {
    expect(load({ DATABASE_URL: url }).database).toEqual({ dialect: 'sqlite', path })
  })

  it.each(['postgres://tasuke:pw@db:5432/tasuke', 'postgresql://db/tasuke?sslmode=require'])(
    '%s is PostgreSQL',
    (url) => {
      const config = load({ DATABASE_URL: url, ...allKeys() })
      expect(config.database).toEqual({ dialect: 'postgres', url })
    },
  )

  it('refuses other schemes without showing the password', () => {
    expect(problems({ DATABASE_URL: 'mysql://root:secret@db/tasuke' })).toEqual([
      'DATABASE_URL: must be a SQLite file (a path, sqlite:<path> or file:<path>) or a postgres:// URL, got "mysql://***@db/tasuke"',
    ])
  })

  it('refuses an empty SQLite path and a PostgreSQL URL without a host', () => {
    expect(problems({ DATABASE_URL: 'sqlite:' })).toEqual([
      'DATABASE_URL: must be a SQLite file (a path, sqlite:<path> or file:<path>) or a postgres:// URL; the path is empty',
    ])
    expect(problems({ DATABASE_URL: 'postgres://', ...allKeys() })).toEqual([
      'DATABASE_URL: must be a PostgreSQL URL such as postgres://user:password@host:5432/tasuke, got "postgres://"',
    ])
  })
})
