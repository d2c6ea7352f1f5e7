/** [P5] At most one collection per interval for one pairing. */
import type { SystemInfo } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { createSystemInfoSource } from './cached-source.js'

function info(hostname: string): SystemInfo {
  return {
    type: 'system-info',
    os: { platform: 'Linux', release: '6', version: '#1', arch: 'x64' },
    hostname,
    user: 'u',
    uptimeSeconds: 1,
    cpu: { model: 'cpu', cores: 1 },
    memory: { totalBytes: 2, freeBytes: 1 },
    disks: [],
    network: [],
  }
}

describe('createSystemInfoSource', () => {
  it('[P5] answers requests within 2 s from the same collection, and collects again after', async () => {
    let time = 1_000
    let collections = 0
    const source = createSystemInfoSource({
      now: () => time,
      collect: () => {
        collections += 1
        return Promise.resolve(info(`host-${collections}`))
      },
    })
    expect((await source()).hostname).toBe('host-1')
    time += 1_999
    expect((await source()).hostname).toBe('host-1')
    expect(collections).toBe(1)
    time += 1
    expect((await source()).hostname).toBe('host-2')
    expect(collections).toBe(2)
  })
})
