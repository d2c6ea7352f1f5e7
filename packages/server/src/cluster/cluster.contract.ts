/**
 * The behaviour every Cluster implementation must have, run against each (local.test.ts;
 * a Redis implementation runs the same suite against the real Redis).
 */
import { describe, expect, it } from 'vitest'

import type { Cluster, ClusterEvent } from './cluster.js'

/** Two nodes of one deployment, and how to tear them down. */
export interface ClusterFixture {
  readonly nodes: readonly [Cluster, Cluster]
  close(): Promise<void>
}

export function describeCluster(name: string, create: () => Promise<ClusterFixture>): void {
  describe(`Cluster contract: ${name}`, () => {
    const withNodes = (body: (a: Cluster, b: Cluster) => Promise<void>) => async () => {
      const fixture = await create()
      try {
        await body(...fixture.nodes)
      } finally {
        await fixture.close()
      }
    }
    const nextEvent = (node: Cluster) =>
      new Promise<ClusterEvent>((resolve) => {
        const stop = node.subscribe((event) => {
          stop()
          resolve(event)
        })
      })

    it(
      'gives a session to the first node that claims it, and the same answer to the others',
      withNodes(async (a, b) => {
        expect(a.nodeId).not.toBe(b.nodeId)
        expect(await a.claimRelay('s1')).toEqual({ nodeId: a.nodeId, isLocal: true })
        expect(await b.claimRelay('s1')).toEqual({ nodeId: a.nodeId, isLocal: false })
        expect(await a.claimRelay('s1')).toEqual({ nodeId: a.nodeId, isLocal: true })
        expect(await b.claimRelay('s2')).toEqual({ nodeId: b.nodeId, isLocal: true })
      }),
    )

    it(
      'frees a session when its node releases it, and ignores a release by another node',
      withNodes(async (a, b) => {
        await a.claimRelay('s1')
        await b.releaseRelay('s1')
        expect((await b.claimRelay('s1')).nodeId).toBe(a.nodeId)
        await a.releaseRelay('s1')
        expect(await b.claimRelay('s1')).toEqual({ nodeId: b.nodeId, isLocal: true })
      }),
    )

    it(
      'delivers a published event to every node, the publisher included',
      withNodes(async (a, b) => {
        const atA = nextEvent(a)
        const atB = nextEvent(b)
        const event: ClusterEvent = { type: 'end-session', sessionId: 's1', reason: 'expired' }
        await b.publish(event)
        expect(await atA).toEqual(event)
        expect(await atB).toEqual(event)
      }),
    )

    it(
      'stops delivering to a listener that unsubscribed, and releases claims on close',
      withNodes(async (a, b) => {
        const seen: ClusterEvent[] = []
        const stop = b.subscribe((event) => seen.push(event))
        stop()
        const atA = nextEvent(a)
        await a.publish({ type: 'end-session', sessionId: 's1', reason: 'error' })
        await atA
        expect(seen).toEqual([])
        await a.claimRelay('s9')
        await a.close()
        expect(await b.claimRelay('s9')).toEqual({ nodeId: b.nodeId, isLocal: true })
      }),
    )
  })
}
