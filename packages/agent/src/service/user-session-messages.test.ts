import { describe, expect, it } from 'vitest'

import { parseServiceToSession, parseSessionToService } from './user-session-messages.js'

const RUN = {
  type: 'run',
  request: {
    type: 'connect-request',
    sessionId: 's1',
    agentToken: 'tok',
    operatorName: 'Olga',
    policy: { mode: 'connect' },
  },
  policy: { mode: 'ask-then-connect', askSeconds: 30 },
  isResumed: false,
  serverUrl: 'https://support.example.com/',
  fingerprint: null,
  language: 'ja',
  openBrowser: true,
  installedNote: { companyName: 'Example Support', historyUrl: 'http://127.0.0.1:4000/t/' },
}

describe('what the session process sends the service', () => {
  it('takes exactly its requests and the end of its session', () => {
    expect(parseSessionToService({ type: 'accepted' })).toEqual({ type: 'accepted' })
    expect(parseSessionToService({ type: 'next-token' })).toEqual({ type: 'next-token' })
    expect(parseSessionToService({ type: 'restart-computer' })).toEqual({
      type: 'restart-computer',
    })
    expect(parseSessionToService({ type: 'over' })).toEqual({ type: 'over' })
  })

  it('refuses anything else, extra fields included (the process runs as the user)', () => {
    for (const bad of [
      null,
      'accepted',
      [],
      {},
      { type: 'run-command', command: 'rm -rf /' },
      { type: 'accepted', sessionId: 'another' },
      { type: 'restart-computer', now: true },
    ]) {
      expect(parseSessionToService(bad)).toBeNull()
    }
  })
})

describe('what the service sends the session process', () => {
  it('takes a whole run and tokens', () => {
    expect(parseServiceToSession(RUN)).toEqual(RUN)
    expect(parseServiceToSession({ ...RUN, installedNote: null })).toMatchObject({
      installedNote: null,
    })
    expect(parseServiceToSession({ type: 'token', token: 'fresh' })).toEqual({
      type: 'token',
      token: 'fresh',
    })
    expect(parseServiceToSession({ type: 'token', token: null })).toEqual({
      type: 'token',
      token: null,
    })
  })

  it('refuses a run with any field wrong, and odd tokens', () => {
    for (const bad of [
      { ...RUN, request: { ...RUN.request, type: 'policy-changed' } },
      { ...RUN, request: { ...RUN.request, sessionId: 42 } },
      { ...RUN, policy: { mode: 'whenever' } },
      { ...RUN, isResumed: 'yes' },
      { ...RUN, serverUrl: 'not a url' },
      { ...RUN, fingerprint: 7 },
      { ...RUN, language: 'fr' },
      { ...RUN, openBrowser: undefined },
      { ...RUN, installedNote: { companyName: 'x' } },
      { type: 'token', token: '' },
      { type: 'token', token: 'x'.repeat(201) },
      { type: 'token' },
      { type: 'exit' },
      null,
    ]) {
      expect(parseServiceToSession(bad)).toBeNull()
    }
  })
})
