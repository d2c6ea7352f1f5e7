import { describe, expect, it } from 'vitest'

import { createBrowseAccess } from './browse-access.js'

describe('browsing permission', () => {
  it('[T7] asks once, lets requests wait for the answer, and follows a change of mind', async () => {
    const states: string[] = []
    const access = createBrowseAccess((state) => states.push(state))
    expect(access.state()).toBe('not-asked')
    const first = access.request()
    const second = access.request()
    expect(states).toEqual(['asking'])
    access.answer(true)
    expect(await Promise.all([first, second])).toEqual([true, true])
    expect(await access.request()).toBe(true)
    access.answer(false)
    expect(await access.request()).toBe(false)
    expect(states).toEqual(['asking', 'allowed', 'refused'])
  })

  it('[T7] refuses what waits when the session ends', async () => {
    const access = createBrowseAccess(() => undefined)
    const waiting = access.request()
    access.close()
    expect(await waiting).toBe(false)
  })
})
