import { describe, expect, it } from 'vitest'

import type { SessionState } from '../store/schema.js'
import {
  isLive,
  nextState,
  SESSION_STATES,
  SessionEvent,
  SessionTransitionError,
  transition,
} from './session-state.js'

const EVENTS = Object.values(SessionEvent)

describe('session state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed: string[] = []
    for (const from of SESSION_STATES) {
      for (const event of EVENTS) {
        const to = nextState(from, event)
        if (to !== null) allowed.push(`${from} -${event}-> ${to}`)
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'waiting -redeem-> connecting',
        'waiting -expire-> expired',
        'waiting -cancel-> cancelled',
        'connecting -pair-> active',
        'connecting -end-> ended',
        'connecting -cancel-> cancelled',
        'active -end-> ended',
      ].sort(),
    )
  })

  it('refuses anything else with a typed error naming state and event', () => {
    expect(() => transition('active', 'cancel')).toThrow(SessionTransitionError)
    try {
      transition('ended', 'redeem')
    } catch (error) {
      expect(error).toBeInstanceOf(SessionTransitionError)
      expect(error).toMatchObject({ from: 'ended', event: 'redeem' })
    }
    for (const final of ['ended', 'expired', 'cancelled'] as const) {
      for (const event of EVENTS) expect(nextState(final, event)).toBeNull()
    }
  })

  it('knows which states hold a live number', () => {
    const live = SESSION_STATES.filter((s: SessionState) => isLive(s))
    expect(live).toEqual(['waiting', 'connecting', 'active'])
  })
})
