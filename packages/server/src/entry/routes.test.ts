/** The entry page, its number check and its status API, in-process (app.inject). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { writeFakeBuilds } from '../downloads/test-support/fake-builds.js'
import { downloadsConfig, textOf, traceLog } from '../http/public-pages/test-support/page-tests.js'
import { CONTENT_SECURITY_POLICY } from '../http/security-headers.js'
import { REDEEM_LIMITS } from '../sessions/redeem-guard.js'
import { markActive, markEnded } from '../sessions/sessions.js'
import { describeEachStore } from '../store/store.contract.js'
import {
  createTestApp,
  randomDataKeys,
  type TestApp,
  testConfig,
} from '../test-support/test-app.js'

const LINUX_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tasuke-entry-'))
  writeFakeBuilds(join(root, 'builds'))
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

describeEachStore('entry page', (fixture) => {
  let t: TestApp | undefined
  afterEach(() => t?.close())

  const start = async () => {
    t = await createTestApp(fixture.store(), {
      config: downloadsConfig(root, `${fixture.dialect}-${String(Date.now())}`),
    })
    const app = t
    const tenant = await app.createTenant(undefined, 'Sasaki <Support> & Co.')
    const admin = await app.createOperator(tenant.id, 'admin')
    const issue = async (as = admin, expiresInMinutes = 30) => {
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: as.headers,
        payload: { expiresInMinutes },
      })
      expect(response.statusCode).toBe(201)
      return response.json<{ session: { id: string; code: string } }>().session
    }
    const check = (slug: string, code: unknown, ip = '198.51.100.7') =>
      app.app.inject({
        method: 'POST',
        url: `/api/v1/entry/${slug}/check`,
        payload: { code } as Record<string, unknown>,
        remoteAddress: ip,
        headers: { 'user-agent': LINUX_UA },
      })
    const status = (handle: string) => app.app.inject({ url: `/api/v1/entry/status/${handle}` })
    return { app, tenant, admin, issue, check, status }
  }

  it('shows the tenant, its colour and logo, escaped, in Japanese and English', async () => {
    const { app, tenant, admin } = await start()
    const patched = await app.app.inject({
      method: 'PATCH',
      url: '/api/v1/tenant',
      headers: admin.headers,
      payload: { brandColor: '#FFCC00', logoUrl: 'https://cdn.example.com/logo.png?a=1&b="2"' },
    })
    expect(patched.statusCode).toBe(200)

    const ja = await app.app.inject({
      url: `/s/${tenant.slug}`,
      headers: { 'accept-language': 'ja,en;q=0.5', 'user-agent': LINUX_UA },
    })
    expect(ja.statusCode).toBe(200)
    expect(ja.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(ja.headers['cache-control']).toBe('no-store')
    expect(ja.body).toMatch(/^<!doctype html>\s*<html lang="ja">/)
    expect(ja.body).toContain('Sasaki &lt;Support&gt; &amp; Co.')
    expect(ja.body).not.toContain('<Support>')
    expect(ja.body).toContain('src="https://cdn.example.com/logo.png?a=1&amp;b=&quot;2&quot;"')
    expect(ja.body).not.toMatch(/<script>|style=/)
    expect(ja.body).toContain('<script src="/entry/page.js" defer></script>')
    expect(ja.body).toContain(`href="/s/${tenant.slug}/brand.css"`)
    const text = textOf(ja.body)
    expect(text).toContain('セッション番号を入力してください')
    expect(ja.body).toMatch(/<button type="submit" data-testid="entry-connect">接続<\/button>/)
    expect(text).toContain('プログラムを先にダウンロードする')
    expect(ja.body).toContain('href="/api/v1/agent/downloads/linux-x64"')
    expect(ja.body).toContain(`href="/s/${tenant.slug}?lang=en"`)

    const en = await app.app.inject({ url: `/s/${tenant.slug}?lang=en` })
    expect(en.body).toMatch(/<html lang="en">/)
    expect(textOf(en.body)).toContain('Enter your session number')
    expect(textOf(en.body)).toContain('Download the program first')

    const css = await app.app.inject({ url: `/s/${tenant.slug}/brand.css` })
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(css.body).toBe(':root { --brand: #ffcc00; --brand-text: #000000; }\n')
    expect((await app.app.inject({ url: '/entry/page.js' })).statusCode).toBe(200)
    expect((await app.app.inject({ url: '/entry/page.css' })).body).toContain('var(--brand')
  })

  it('answers an unknown or malformed slug with the same not-found page', async () => {
    const { app } = await start()
    for (const url of ['/s/nobody-here', '/s/Bad%20Slug', '/s/nobody-here/brand.css']) {
      expect((await app.app.inject({ url })).statusCode).toBe(404)
    }
    const page = await app.app.inject({
      url: '/s/nobody-here',
      headers: { 'accept-language': 'ja' },
    })
    expect(textOf(page.body)).toContain('ページが見つかりません')
    const checked = await app.app.inject({
      method: 'POST',
      url: '/api/v1/entry/nobody-here/check',
      payload: { code: '12345678' },
    })
    expect(checked.statusCode).toBe(404)
  })

  it('checks a number without using it, and follows the session it belongs to', async () => {
    const { app, tenant, issue, check, status } = await start()
    const session = await issue()
    const typed = `${session.code.slice(0, 4)} ${session.code.slice(4)}`
    const ok = await check(tenant.slug, typed)
    expect(ok.statusCode).toBe(200)
    const body = ok.json<{ handle: string; download: { href: string; fileName: string } }>()
    expect(body.handle).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(body.download).toEqual({
      platform: 'linux-x64',
      href: `/api/v1/agent/downloads/linux-x64?code=${session.code}`,
      fileName: `tasuke-support-${session.code}`,
    })
    const stored = await app.store.db
      .selectFrom('entry_status_handles')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(stored.handle_hash).not.toContain(body.handle)
    expect(stored.session_id).toBe(session.id)

    const states: string[] = []
    const record = async () => {
      const answer = await status(body.handle)
      expect(answer.statusCode).toBe(200)
      const view = answer.json<{ status: string; outcome: string | null }>()
      states.push(view.outcome === null ? view.status : `${view.status}:${view.outcome}`)
    }
    await record()
    // Still redeemable: the check did not use it up.
    const redeemed = await app.app.inject({
      method: 'POST',
      url: '/api/v1/redeem',
      payload: { code: session.code },
    })
    expect(redeemed.statusCode).toBe(200)
    await record()
    const deps = { db: app.store.db, clock: app.clock }
    await markActive(deps, session.id)
    await record()
    await markEnded(deps, session.id, 'completed')
    await record()
    expect(states).toEqual([
      'waiting-for-program',
      'waiting-for-consent',
      'connected',
      'ended:completed',
    ])

    for (const handle of ['nope', 'A'.repeat(43), `${body.handle}x`]) {
      expect((await status(handle)).statusCode).toBe(404)
    }
    const page = await app.app.inject({
      url: `/s/${tenant.slug}/session/${body.handle}?lang=ja`,
      headers: { 'user-agent': LINUX_UA },
    })
    expect(page.statusCode).toBe(200)
    expect(textOf(page.body)).toContain('リモート接続は終了しました。')
    expect(page.body).toContain('data-status="ended"')
  })

  it('tells invalid, unknown, expired and used numbers apart; another tenant’s is unknown', async () => {
    const { app, tenant, issue, check } = await start()
    const other = await app.createTenant(undefined, 'Other Co.')
    const otherAdmin = await app.createOperator(other.id, 'admin')
    const theirs = await issue(otherAdmin)
    const used = await issue()
    await app.app.inject({ method: 'POST', url: '/api/v1/redeem', payload: { code: used.code } })
    const expiring = await issue(undefined, 5)
    app.clock.advance(6 * 60_000)

    const unknown = await check(tenant.slug, '0000 0001', '203.0.113.1')
    const foreign = await check(tenant.slug, theirs.code, '203.0.113.2')
    expect(unknown.statusCode).toBe(404)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json()).toEqual(unknown.json())
    expect((await check(tenant.slug, used.code, '203.0.113.3')).json()).toMatchObject({
      error: { code: 'used-code' },
    })
    expect((await check(tenant.slug, expiring.code, '203.0.113.4')).statusCode).toBe(410)

    const letters = await check(tenant.slug, '1234abcd', '203.0.113.5')
    expect(letters.statusCode).toBe(400)
    expect(letters.json()).toMatchObject({
      error: { code: 'invalid-code', details: { reason: 'invalid-characters' } },
    })
    expect((await check(tenant.slug, 12345678, '203.0.113.5')).statusCode).toBe(400)
    const short = await app.app.inject({
      method: 'POST',
      url: `/s/${tenant.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ja' },
      payload: 'code=1234+567',
    })
    expect(short.statusCode).toBe(400)
    expect(textOf(short.body)).toContain('セッション番号は8桁の数字です。')
    expect(short.body).toContain('value="1234 567"')
  })

  it('shares its limits with POST /redeem: one address cannot try more numbers through both', async () => {
    const { app, tenant, check } = await start()
    const ip = '192.0.2.44'
    const max = REDEEM_LIMITS.failuresPerAddress.maxFailures
    for (let i = 0; i < max - 1; i++) {
      const code = String(10_000_000 + i)
      const response =
        i % 2 === 0
          ? await check(tenant.slug, code, ip)
          : await app.app.inject({
              method: 'POST',
              url: '/api/v1/redeem',
              payload: { code },
              remoteAddress: ip,
            })
      expect(response.statusCode).toBe(404)
    }
    expect((await check(tenant.slug, '20000000', ip)).statusCode).toBe(404)
    const limited = await check(tenant.slug, '20000001', ip)
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBeDefined()
    const redeemLimited = await app.app.inject({
      method: 'POST',
      url: '/api/v1/redeem',
      payload: { code: '20000002' },
      remoteAddress: ip,
    })
    expect(redeemLimited.statusCode).toBe(429)
  })

  it('without script: the form posts, and the next-steps page downloads and shows the status', async () => {
    const { app, tenant, issue } = await start()
    const session = await issue()
    const posted = await app.app.inject({
      method: 'POST',
      url: `/s/${tenant.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=${session.code.slice(0, 4)}-${session.code.slice(4)}&lang=en`,
    })
    expect(posted.statusCode).toBe(303)
    const location = posted.headers.location ?? ''
    expect(location).toMatch(new RegExp(`^/s/${tenant.slug}/session/[A-Za-z0-9_-]{43}\\?lang=en$`))
    const page = await app.app.inject({ url: location, headers: { 'user-agent': LINUX_UA } })
    expect(page.statusCode).toBe(200)
    const href = `/api/v1/agent/downloads/linux-x64?code=${session.code}`
    expect(page.body).toContain(`<meta http-equiv="refresh" content="1; url=${href}" />`)
    const text = textOf(page.body)
    expect(text).toContain('Waiting for you to run the program.')
    expect(text).toContain('chmod +x')
    expect(text).toContain('compare its SHA-256')

    // A handle of this tenant does not open under another's address.
    const other = await app.createTenant()
    const elsewhere = location.replace(`/s/${tenant.slug}/`, `/s/${other.slug}/`)
    expect((await app.app.inject({ url: elsewhere })).statusCode).toBe(404)
  })
})

describe('entry page logging', () => {
  it('never logs the number or the handle', async () => {
    const { createTestDatabase } = await import('../store/store.contract.js')
    const database = await createTestDatabase('sqlite')
    const log = traceLog()
    const app = await buildApp({
      config: testConfig(downloadsConfig(root, 'logged')),
      store: database.store,
      keys: randomDataKeys(),
      backgroundJobs: false,
      logger: log.options,
    })
    try {
      await database.store.db
        .insertInto('tenants')
        .values({
          id: 'tn-1',
          slug: 'logged-co',
          name: 'Logged Co.',
          brand_color: '#0b6bcb',
          logo_url: null,
          retention_days: 180,
          created_at: new Date().toISOString(),
        })
        .execute()
      const checked = await app.inject({
        method: 'POST',
        url: '/api/v1/entry/logged-co/check',
        payload: { code: '7392 0518' },
      })
      expect(checked.statusCode).toBe(404)
      const posted = await app.inject({
        method: 'POST',
        url: '/s/logged-co',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'code=7392-0518',
      })
      expect(posted.statusCode).toBe(404)
      expect(log.text()).toContain('/api/v1/entry/:slug/check')
      expect(log.text()).not.toMatch(/7392.?0518/)
    } finally {
      await app.close()
      await database.drop()
    }
  })
})
