/**
 * The seam between one node and the others of a deployment (DESIGN.md "Scaling past one
 * machine", lesson 4): the session directory (which node relays which session) and the
 * events nodes send each other. The relay goes through this interface only; app.ts picks the
 * implementation (local.ts in one process; a Redis one for several nodes).
 */
import type { SessionEndReason } from '@tasuke/protocol'

/** Where a session's relay lives. */
export interface RelayLocation {
  readonly nodeId: string
  /** Whether that node is this one. */
  readonly isLocal: boolean
}

/** Something one node tells every node (itself included). */
export type ClusterEvent = {
  readonly type: 'end-session'
  readonly sessionId: string
  readonly reason: SessionEndReason
}

export interface Cluster {
  /** This node's id, unique in the deployment. */
  readonly nodeId: string
  /**
   * The node that relays `sessionId`: this one if no node did (it claims it), else the one
   * that claimed it first. Both peers of a session must reach that node.
   */
  claimRelay(sessionId: string): Promise<RelayLocation>
  /** This node stops relaying `sessionId` (the session ended); a no-op if another node holds it. */
  releaseRelay(sessionId: string): Promise<void>
  /** Delivers `event` to every node's listeners, this node's included, asynchronously. */
  publish(event: ClusterEvent): Promise<void>
  /** Listens to every node's events; returns the function that stops listening. */
  subscribe(listener: (event: ClusterEvent) => void): () => void
  /** Releases everything this node claimed and stops listening. */
  close(): Promise<void>
}
