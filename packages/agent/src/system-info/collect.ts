/**
 * Collects the customer's system information for `system-info` (SPEC.md P5) with `node:os`
 * and the disks: OS, host name, user, uptime, CPU, memory, disks and network interfaces.
 * Never throws: a part that cannot be read is empty (or 0) and the rest is still sent.
 * @module
 */
import os from 'node:os'

import type { SystemInfo } from '@tasuke/protocol'

import { collectDisks } from './disks.js'
import { ADDRESSES_MAX_LENGTH, count, LIST_MAX_LENGTH, shortText } from './limits.js'

type Network = SystemInfo['network']

/** `read()`, or `fallback` when it throws. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read()
  } catch {
    return fallback
  }
}

/** Interfaces with at least one address that leaves the machine; loopback is left out. */
export function describeNetwork(
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): Network {
  const network: Network = []
  for (const [name, infos] of Object.entries(interfaces)) {
    const addresses = (infos ?? [])
      .filter((info) => !info.internal)
      .map((info) => shortText(info.cidr ?? info.address))
    if (addresses.length === 0) continue
    network.push({ name: shortText(name), addresses: addresses.slice(0, ADDRESSES_MAX_LENGTH) })
    if (network.length === LIST_MAX_LENGTH) break
  }
  return network
}

export async function collectSystemInfo(): Promise<SystemInfo> {
  const cpus = safely(() => os.cpus(), [])
  return {
    type: 'system-info',
    os: {
      platform: shortText(safely(() => os.type(), '')),
      release: shortText(safely(() => os.release(), '')),
      version: shortText(safely(() => os.version(), '')),
      arch: shortText(safely(() => os.arch(), '')),
    },
    hostname: shortText(safely(() => os.hostname(), '')),
    // userInfo() throws when the user has no entry in the password database (some containers).
    user: shortText(safely(() => os.userInfo().username, '')),
    uptimeSeconds: count(safely(() => os.uptime(), 0)),
    cpu: {
      model: shortText(cpus[0]?.model.trim() ?? ''),
      cores: Math.min(cpus.length, 65_535),
    },
    memory: {
      totalBytes: count(safely(() => os.totalmem(), 0)),
      freeBytes: count(safely(() => os.freemem(), 0)),
    },
    disks: await collectDisks(),
    network: safely(() => describeNetwork(), []),
  }
}
