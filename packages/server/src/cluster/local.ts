/**
 * The in-process cluster: one directory and one event bus in memory. Nodes created on the
 * same hub behave like nodes of one deployment (what the contract suite checks); a
 * single-process server uses one node on its own hub.
 */
import { randomUUID } from 'node:crypto'

import type { Cluster, ClusterEvent } from './cluster.js'

export interface LocalHub {
  readonly relays: Map<string, string>
  readonly listeners: Set<(event: ClusterEvent) => void>
}

export function createLocalHub(): LocalHub {
  return { relays: new Map(), listeners: new Set() }
}

export function createLocalCluster(
  hub: LocalHub = createLocalHub(),
  nodeId: string = randomUUID(),
): Cluster {
  const mine = new Set<(event: ClusterEvent) => void>()
  return {
    nodeId,
    claimRelay(sessionId) {
      const owner = hub.relays.get(sessionId) ?? nodeId
      hub.relays.set(sessionId, owner)
      return Promise.resolve({ nodeId: owner, isLocal: owner === nodeId })
    },
    releaseRelay(sessionId) {
      if (hub.relays.get(sessionId) === nodeId) hub.relays.delete(sessionId)
      return Promise.resolve()
    },
    publish(event) {
      const copy = structuredClone(event)
      for (const listener of [...hub.listeners])
        queueMicrotask(() => {
          listener(copy)
        })
      return Promise.resolve()
    },
    subscribe(listener) {
      const wrapped = (event: ClusterEvent) => {
        listener(event)
      }
      hub.listeners.add(wrapped)
      mine.add(wrapped)
      return () => {
        hub.listeners.delete(wrapped)
        mine.delete(wrapped)
      }
    },
    close() {
      for (const [sessionId, owner] of hub.relays) {
        if (owner === nodeId) hub.relays.delete(sessionId)
      }
      for (const listener of mine) hub.listeners.delete(listener)
      mine.clear()
      return Promise.resolve()
    },
  }
}
