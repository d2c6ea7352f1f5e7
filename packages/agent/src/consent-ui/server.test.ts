import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import type { ConsentView, CustomerAction } from './consent-state.js'
import { type ConsentUi, startConsentUi } from './server.js'

const ASK_CONSENT: ConsentView = {
  type: 'ask-consent',
  companyName: 'Example Support',
  companyDomain: null,
  operatorName: 'Sato',
  shares: ['screen', 'control'],
  verificationCode: '123 456',
}
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

interface Reply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A raw request, so tests can send any Host, Origin and body. */
function send(
  ui: ConsentUi,
  path: string,
  init: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {},
): Promise<Reply> {
  const { port, host } = new URL(ui.url)
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        setHost: false,
        headers: { host, ...init.headers },
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
        })
      },
    )
    outgoing.on('error', reject)
    outgoing.end(init.body)
  })
}

function tokenPath(ui: ConsentUi): string {
  return new URL(ui.url).pathname
}

function post(ui: ConsentUi, body: string, headers: OutgoingHttpHeaders = {}): Promise<Reply> {
  return send(ui, `${tokenPath(ui)}action`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

/** The state events of the page's stream, as they arrive. */
function watchEvents(ui: ConsentUi): { events: { revision: number; view: ConsentView }[] } {
  const events: { revision: number; view: ConsentView }[] = []
  const { port, host } = new URL(ui.url)
  request({ host: '127.0.0.1', port, path: `${tokenPath(ui)}events`, headers: { host } }, (res) => {
    let buffer = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      buffer += chunk
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (block.startsWith('data: ')) {
          events.push(JSON.parse(block.slice(6)) as { revision: number; view: ConsentView })
        }
      }
    })
  })
    .on('error', () => undefined)
    .end()
  return { events }
}

describe('consent server', () => {
  let ui: ConsentUi
  let actions: CustomerAction[]

  beforeEach(async () => {
    ui = await startConsentUi({ language: 'en', initial: ASK_CONSENT, openBrowser: false })
    actions = []
    ui.onAction((action) => actions.push(action))
  })
  afterEach(async () => {
    await ui.close()
  })

  it('listens on 127.0.0.1 behind a 32-byte token', () => {
    const url = new URL(ui.url)
    expect(url.hostname).toBe('127.0.0.1')
    const token = url.pathname.split('/')[1] ?? ''
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    expect(url.pathname).toBe(`/${token}/`)
  })

  it('serves the page, script and style with a strict CSP and no inline code', async () => {
    for (const [path, type] of [
      ['', 'text/html'],
      ['app.js', 'text/javascript'],
      ['app.css', 'text/css'],
    ] as const) {
      const reply = await send(ui, `${tokenPath(ui)}${path}`)
      expect(reply.status).toBe(200)
      expect(reply.headers['content-type']).toContain(type)
      expect(reply.headers['content-security-policy']).toBe(CSP)
      expect(reply.headers['cache-control']).toBe('no-store')
      expect(reply.headers['x-frame-options']).toBe('DENY')
    }
    const page = await send(ui, tokenPath(ui))
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(page.body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/)
  })

  it('answers 404 without the token, with a wrong one, or for unknown paths', async () => {
    const token = tokenPath(ui).slice(1, -1)
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    for (const path of [
      '/',
      '/app.js',
      '/events',
      `/${wrong}/`,
      `/${token.slice(1)}/`,
      `/x/${token}/`,
    ]) {
      const reply = await send(ui, path)
      expect(reply.status, path).toBe(404)
      expect(reply.body).not.toContain('Example Support')
    }
    expect((await send(ui, `${tokenPath(ui)}nothing`)).status).toBe(404)
    const bare = await send(ui, `/${token}`)
    expect(bare.status).toBe(308)
    expect(bare.headers.location).toBe(`/${token}/`)
  })

  it('refuses a Host other than 127.0.0.1 or localhost on its port (DNS rebinding)', async () => {
    const { port } = new URL(ui.url)
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1:1',
      `127.0.0.2:${port}`,
      '',
    ]) {
      const reply = await send(ui, tokenPath(ui), { headers: { host } })
      expect(reply.status, host).toBe(421)
      expect(reply.body).not.toContain('Example Support')
    }
    expect((await send(ui, tokenPath(ui), { headers: { host: `localhost:${port}` } })).status).toBe(
      200,
    )
  })

  it('refuses cross-origin posts and emits nothing', async () => {
    const { port } = new URL(ui.url)
    const forged = [
      { origin: 'http://evil.example' },
      { origin: `http://localhost:${port}` },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]
    for (const headers of forged) {
      expect((await post(ui, '{"type":"accept","revision":0}', headers)).status).toBe(403)
    }
    expect(actions).toEqual([])
  })

  it('refuses malformed, oversize and non-JSON bodies with 400/415 and emits nothing', async () => {
    const bodies = [
      '',
      'not json',
      '{"type":"accept"}',
      '{"type":"accept","revision":0,"also":"decline"}',
      JSON.stringify({ type: 'accept', revision: 0, pad: 'x'.repeat(5000) }),
      `{"type":"accept","revision":0}${' '.repeat(5000)}`,
    ]
    for (const body of bodies) expect((await post(ui, body)).status).toBe(400)
    const notUtf8 = await send(ui, `${tokenPath(ui)}action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    })
    expect(notUtf8.status).toBe(400)
    const plain = await post(ui, '{"type":"accept","revision":0}', { 'content-type': 'text/plain' })
    expect(plain.status).toBe(415)
    expect((await send(ui, `${tokenPath(ui)}action`)).status).toBe(405)
    expect(actions).toEqual([])
  })

  it('emits an accept once, for the revision on screen only, and streams the new view', async () => {
    const stream = watchEvents(ui)
    await waitFor('the first state', () => stream.events[0])
    expect(stream.events[0]).toEqual({ revision: 0, view: ASK_CONSENT })

    expect((await post(ui, '{"type":"accept","revision":7}')).status).toBe(409)
    expect(actions).toEqual([])
    const { port } = new URL(ui.url)
    const reply = await post(ui, '{"type":"accept","revision":0}', {
      origin: `http://127.0.0.1:${port}`,
      'sec-fetch-site': 'same-origin',
    })
    expect(reply.status).toBe(204)
    expect(actions).toEqual([{ type: 'accept' }])
    await waitFor('the connecting view', () => stream.events[1])
    expect(stream.events[1]).toEqual({ revision: 1, view: { type: 'connecting' } })

    // A replay, on the old or the new revision, changes nothing.
    expect((await post(ui, '{"type":"accept","revision":0}')).status).toBe(409)
    expect((await post(ui, '{"type":"accept","revision":1}')).status).toBe(409)
    expect(actions).toEqual([{ type: 'accept' }])

    ui.update({
      type: 'connected',
      operatorName: 'Sato',
      verificationCode: '1',
      activity: 'viewing',
      controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
    })
    await waitFor('the connected view', () => stream.events[2])
    expect(stream.events[2]?.view.type).toBe('connected')
    expect((await post(ui, '{"type":"end","revision":2}')).status).toBe(204)
    expect(actions).toEqual([{ type: 'accept' }, { type: 'end' }])
  })

  it('shows a refused number on the page without telling the agent', async () => {
    ui.update({ type: 'ask-code', problem: null })
    expect((await post(ui, '{"type":"submit-code","code":"abc","revision":1}')).status).toBe(200)
    expect(actions).toEqual([])
    const stream = watchEvents(ui)
    await waitFor('the state', () => stream.events[0])
    expect(stream.events[0]).toEqual({
      revision: 2,
      view: { type: 'ask-code', problem: 'invalid' },
    })
    const reply = await post(ui, '{"type":"submit-code","code":"1234-5678","revision":2}')
    expect(reply.status).toBe(204)
    expect(actions).toEqual([{ type: 'submit-code', code: '12345678' }])
  })
})
