/** The relay's numbers (docs/relay.md explains each). */
export interface RelayOptions {
  /** Bytes queued towards a reader at which its writer's reading is paused. */
  readonly windowBytes: number
  /** Queued bytes below which the writer is resumed; droppable frames are dropped above it. */
  readonly lowWaterBytes: number
  /** The relay sends a heartbeat to each peer this often. */
  readonly heartbeatMs: number
  /** A peer silent for this many heartbeat periods is dead. */
  readonly missedHeartbeats: number
  /** How long a dropped peer may take to come back before the session ends. */
  readonly graceMs: number
  /** How long an installed computer restarting at the operator's request may take (D5). */
  readonly restartGraceMs: number
}

export const MiB = 1024 * 1024

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  windowBytes: 4 * MiB,
  lowWaterBytes: 1 * MiB,
  heartbeatMs: 10_000,
  missedHeartbeats: 3,
  graceMs: 30_000,
  restartGraceMs: 10 * 60_000,
}
