import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { writeFakeBuilds } from '../downloads/test-support/fake-builds.js'
import { PAGE_VIEW_LIMITS } from '../http/public-pages/address-limiter.js'
import { downloadsConfig, textOf, traceLog } from '../http/public-pages/test-support/page-tests.js'
import { CONTENT_SECURITY_POLICY } from '../http/security-headers.js'
import { createTestDatabase } from '../store/store.contract.js'
import {
  createTestApp,
  randomDataKeys,
  type TestApp,
  testConfig,
} from '../test-support/test-app.js'

const UA = {
  windows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  linux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
}

interface Manifest {
  platforms: {
    platform: string
    size: number
    sha256: string
    transferSizes: { br: number; gzip: number }
  }[]
}

let root: string
let drop: () => Promise<void>
let store: Awaited<ReturnType<typeof createTestDatabase>>['store']

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tasuke-join-'))
  writeFakeBuilds(join(root, 'builds'))
  const database = await createTestDatabase('sqlite')
  store = database.store
  drop = database.drop
})

afterAll(async () => {
  await drop()
  rmSync(root, { recursive: true, force: true })
})

describe('the join page', () => {
  let t: TestApp
  let manifest: Manifest
  beforeAll(async () => {
    t = await createTestApp(store, { config: downloadsConfig(root, 'main') })
    manifest = (await t.app.inject({ url: '/api/v1/agent/downloads' })).json<Manifest>()
  })
  afterAll(() => t.close())

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers })
  const platform = (name: string) => {
    const found = manifest.platforms.find((p) => p.platform === name)
    if (found === undefined) throw new Error(`no ${name} in the manifest`)
    return found
  }

  it('shows the number, the Linux program and three steps in Japanese', async () => {
    const response = await get('/join/12345678', {
      'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8',
      'user-agent': UA.linux,
      'accept-encoding': 'gzip, deflate, br',
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['content-language']).toBe('ja')
    const page = response.body
    expect(page).toMatch(/^<!doctype html>\s*<html lang="ja">/)
    expect(page).toContain('1234 5678')
    expect(page).toMatch(
      /<a\s+class="download"\s+href="\/api\/v1\/agent\/downloads\/linux-x64\?code=12345678"/,
    )
    const linux = platform('linux-x64')
    const text = textOf(page)
    expect(text).toContain('Linux (x86_64) 用プログラムをダウンロード')
    expect(text).toContain(
      `tasuke-support-12345678（${(linux.transferSizes.br / 1048576).toFixed(1)} MB）`,
    )
    expect(page).toContain(linux.sha256)
    expect(text).toContain('表示された画面で内容を確認し、「承諾」をクリックします。')
    expect(page.match(/<li>/g)?.length).toBe(4) // three steps and the other platform
    expect(page).toContain('href="/api/v1/agent/downloads/win-x64?code=12345678"')
    expect(page).toContain(platform('win-x64').sha256)
    expect(page).toContain('href="/join/12345678?lang=en"')
  })

  it('speaks English by Accept-Language, and ?lang= wins over it', async () => {
    const english = await get('/join/12345678', { 'accept-language': 'en-GB,en;q=0.9' })
    expect(english.body).toMatch(/<html lang="en">/)
    expect(textOf(english.body)).toContain('click Accept (承諾)')
    const chosen = await get('/join/12345678?lang=ja', { 'accept-language': 'en-GB' })
    expect(chosen.body).toMatch(/<html lang="ja">/)
    const preferred = await get('/join/12345678', { 'accept-language': 'en;q=0.5, ja' })
    expect(preferred.body).toMatch(/<html lang="ja">/)
  })

  it('offers the Windows program to Windows, with the plain size without compression', async () => {
    const response = await get('/join/1234-5678', {
      'accept-language': 'en',
      'user-agent': UA.windows,
    })
    expect(response.statusCode).toBe(200)
    expect(response.body).toMatch(
      /<a\s+class="download"\s+href="\/api\/v1\/agent\/downloads\/win-x64\?code=12345678"/,
    )
    const windows = platform('win-x64')
    expect(textOf(response.body)).toContain(
      `tasuke-support-12345678.exe (${(windows.size / 1048576).toFixed(1)} MB)`,
    )
  })

  it('tells a Mac it is not supported yet, and lists both programs', async () => {
    const response = await get('/join/12345678', { 'accept-language': 'ja', 'user-agent': UA.mac })
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain('class="download"')
    expect(textOf(response.body)).toContain('お使いのシステム（macOS）には、まだ対応していません。')
    expect(response.body).toContain('href="/api/v1/agent/downloads/linux-x64?code=12345678"')
    expect(response.body).toContain('href="/api/v1/agent/downloads/win-x64?code=12345678"')
  })

  it('answers a number that is not one with 400 and the form, escaping what was typed', async () => {
    const response = await get(`/join/${encodeURIComponent('<b x="1">&\'1234567')}`, {
      'accept-language': 'ja',
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('この番号は有効なセッション番号ではありません。')
    expect(response.body).toContain('<form method="get" action="/join">')
    expect(response.body).toContain('value="&lt;b x=&quot;1&quot;&gt;&amp;&#39;1234567"')
    expect(response.body).not.toContain('<b x=')
    const short = await get('/join/1234567', { 'accept-language': 'en' })
    expect(short.statusCode).toBe(400)
    expect(textOf(short.body)).toContain('This is not a valid session number')
  })

  it('shows the form without a number, and sends a typed number on to its page', async () => {
    const form = await get('/join', { 'accept-language': 'ja' })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="code"')
    expect(textOf(form.body)).toContain('接続')
    const typed = await get(`/join?code=${encodeURIComponent('１２３４　５６７８')}`)
    expect(typed.statusCode).toBe(303)
    expect(typed.headers['location']).toBe('/join/12345678')
    const spaced = await get('/join?code=1234+5678&lang=en')
    expect(spaced.headers['location']).toBe('/join/12345678?lang=en')
    const wrong = await get('/join?code=12ab&lang=en')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('<input type="hidden" name="lang" value="en" />')
  })

  it('is sent under the strict CSP, with its stylesheet from this origin and no script', async () => {
    const response = await get('/join/12345678')
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.body).not.toMatch(/<script|\sstyle=|<style/i)
    expect(response.body).toContain('<link rel="stylesheet" href="/join/page.css" />')
    const css = await get('/join/page.css')
    expect(css.statusCode).toBe(200)
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
  })
})

describe('the join page without builds', () => {
  it('answers 503 with a friendly page, then 429 once an address asks too often', async () => {
    const t = await createTestApp(store, {
      config: downloadsConfig(root, 'empty', join(root, 'none')),
    })
    try {
      const response = await t.app.inject({
        url: '/join/12345678',
        headers: { 'accept-language': 'ja' },
      })
      expect(response.statusCode).toBe(503)
      expect(textOf(response.body)).toContain('現在、サポート用プログラムをご用意できません。')
      expect(response.body).toContain('1234 5678')
      expect(response.body).not.toContain(root)
      const statuses = [response.statusCode]
      for (let i = 1; i <= PAGE_VIEW_LIMITS.maxFailures; i++) {
        statuses.push((await t.app.inject({ url: '/join/12345678' })).statusCode)
      }
      expect(statuses.slice(0, -1).every((status) => status === 503)).toBe(true)
      const limited = await t.app.inject({ url: '/join', headers: { 'accept-language': 'en' } })
      expect(limited.statusCode).toBe(429)
      expect(limited.headers['retry-after']).toBeDefined()
      expect(textOf(limited.body)).toContain('Too many requests')
    } finally {
      await t.close()
    }
  })
})

describe('the join page on a logging server with the web apps', () => {
  let app: FastifyInstance
  const log = traceLog()
  beforeAll(async () => {
    const webRoot = join(root, 'web')
    mkdirSync(webRoot, { recursive: true })
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>console</title>')
    app = await buildApp({
      config: testConfig(downloadsConfig(root, 'logged')),
      store,
      keys: randomDataKeys(),
      backgroundJobs: false,
      logger: log.options,
      webRoot,
    })
    await app.ready()
  })
  afterAll(() => app.close())

  it('is not the console, and never logs the number', async () => {
    const page = await app.inject({ url: '/join/7392%200518' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('7392 0518')
    expect(page.body).not.toContain('<title>console</title>')
    expect((await app.inject({ url: '/join?code=7392-0518' })).statusCode).toBe(303)
    expect((await app.inject({ url: '/join/7392051' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/join?code=7392051' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/sessions' })).body).toContain('<title>console</title>')
    expect(log.text()).toContain('/join/:code')
    expect(log.text()).not.toMatch(/7392.?0518|7392051/)
  })
})
