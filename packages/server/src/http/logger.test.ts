import { Writable } from 'node:stream'

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { createTestDatabase } from '../store/store.contract.js'
import { randomDataKeys, testConfig } from '../test-support/test-app.js'
import { createLoggerOptions } from './logger.js'

const SECRETS = {
  code: '73920518',
  password: 'Correct-Horse-Battery-42',
  email: 'logged.person@example.com',
  invitation: 'INVITATIONtoken0123456789',
  query: 'QUERYsecret0123456789',
  cookie: 'COOKIEvalue0123456789',
  apiKey: 'tsk_APIKEY0123456789',
  csrf: 'CSRFtoken0123456789',
}

let app: FastifyInstance
let drop: () => Promise<void>
const lines: string[] = []

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      )
      done()
    },
  })
  const database = await createTestDatabase('sqlite')
  drop = database.drop
  app = await buildApp({
    config: testConfig(),
    store: database.store,
    keys: randomDataKeys(),
    backgroundJobs: false,
    logger: createLoggerOptions('trace', sink),
  })
  await app.ready()

  const json = { 'content-type': 'application/json' }
  await app.inject({
    method: 'POST',
    url: '/api/v1/redeem',
    headers: json,
    payload: { code: SECRETS.code },
  })
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { ...json, cookie: `tasuke_session=${SECRETS.cookie}`, 'x-csrf-token': SECRETS.csrf },
    payload: { email: SECRETS.email, password: SECRETS.password },
  })
  await app.inject({ method: 'GET', url: `/api/v1/invitations/${SECRETS.invitation}` })
  await app.inject({
    method: 'POST',
    url: `/api/v1/invitations/${SECRETS.invitation}/accept`,
    headers: json,
    payload: { password: SECRETS.password },
  })
  await app.inject({
    method: 'GET',
    url: `/api/v1/sessions?scope=live&token=${SECRETS.query}`,
    headers: { authorization: `Bearer ${SECRETS.apiKey}` },
  })
  await app.inject({ method: 'GET', url: `/api/v1/no-route/${SECRETS.invitation}` })
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: json,
    payload: `{"email":"${SECRETS.email}","password":"${SECRETS.password}"`,
  })
})

afterAll(async () => {
  await app.close()
  await drop()
})

describe('request logs', () => {
  it('are JSON lines carrying the request id', () => {
    expect(lines.length).toBeGreaterThan(10)
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    const requestLines = records.filter((record) => record['msg'] === 'incoming request')
    expect(requestLines).toHaveLength(7)
    for (const record of requestLines) {
      expect(record['reqId']).toMatch(/^[0-9a-f-]{36}$/)
    }
    const completed = records.filter((record) => record['msg'] === 'request completed')
    expect(completed.map((record) => record['reqId'])).toEqual(
      requestLines.map((record) => record['reqId']),
    )
  })

  it('name routes by their pattern, not by the path that was asked for', () => {
    const routes = lines
      .map((line) => JSON.parse(line) as { req?: { route?: string } })
      .flatMap((record) => (record.req?.route === undefined ? [] : [record.req.route]))
    expect(routes).toContain('/api/v1/invitations/:token')
    expect(routes).toContain('/api/v1/invitations/:token/accept')
    expect(routes).toContain('/api/v1/sessions')
    expect(routes).toContain('(no route)')
  })

  it.each(Object.entries(SECRETS))('never contain the %s', (_kind, secret) => {
    const text = lines.join('\n')
    expect(text).not.toContain(secret)
  })
})
