/** [P5] The agent's system information, read on this very machine. */
import os from 'node:os'

import { AgentToConsole, parseMessage } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { collectSystemInfo, describeNetwork } from './collect.js'

describe('collectSystemInfo', () => {
  it('[P5] describes this machine with real values and passes the protocol schema', async () => {
    const info = await collectSystemInfo()
    expect(info.hostname).toBe(os.hostname())
    expect(info.user).toBe(os.userInfo().username)
    expect(info.os).toEqual({
      platform: os.type(),
      release: os.release(),
      version: os.version().slice(0, 256),
      arch: os.arch(),
    })
    expect(info.uptimeSeconds).toBeGreaterThan(0)
    expect(info.cpu.cores).toBe(os.cpus().length)
    expect(info.memory.totalBytes).toBeGreaterThan(0)
    expect(info.memory.freeBytes).toBeGreaterThan(0)
    expect(info.memory.freeBytes).toBeLessThanOrEqual(info.memory.totalBytes)
    expect(info.disks.length).toBeGreaterThanOrEqual(1)
    for (const disk of info.disks) {
      expect(disk.totalBytes).toBeGreaterThan(disk.freeBytes)
      expect(disk.freeBytes).toBeGreaterThanOrEqual(0)
    }
    const parsed = parseMessage(AgentToConsole, JSON.stringify(info))
    expect(parsed).toEqual({ ok: true, message: info })
  })

  it('[P5] lists no loopback address and keeps interfaces and addresses within their limits', () => {
    const address = (n: number, internal = false): os.NetworkInterfaceInfo => ({
      address: `10.0.0.${n}`,
      netmask: '255.255.255.0',
      family: 'IPv4',
      mac: '00:00:00:00:00:00',
      internal,
      cidr: `10.0.0.${n}/24`,
    })
    const many = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `eth${i}`,
        Array.from({ length: 20 }, (_unused, n) => address(n)),
      ]),
    )
    const network = describeNetwork({ lo: [address(1, true)], ...many })
    expect(network).toHaveLength(32)
    expect(network[0]?.name).toBe('eth0')
    expect(network[0]?.addresses).toHaveLength(16)
    expect(network[0]?.addresses[0]).toBe('10.0.0.0/24')
    expect(describeNetwork({ lo: [address(1, true)], empty: [] })).toEqual([])
    // This machine: nothing internal is listed.
    const internal = Object.values(os.networkInterfaces())
      .flatMap((infos) => infos ?? [])
      .filter((info) => info.internal)
      .map((info) => info.cidr ?? info.address)
    for (const entry of describeNetwork()) {
      for (const shown of entry.addresses) expect(internal).not.toContain(shown)
    }
  })
})
