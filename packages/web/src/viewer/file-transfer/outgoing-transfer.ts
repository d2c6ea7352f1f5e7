/**
 * One file sent from the operator to the customer (SPEC.md T1–T5): `file-send`, then chunks
 * from the offset the agent accepted, at most `FILE_WINDOW_BYTES` beyond its last `file-ack`
 * and only while the socket holds little unsent data, then `file-done` with the SHA-256 of
 * the whole file. After a resume it asks again with the same id and goes on from the offset
 * the agent holds; the hash still covers every byte, read in order exactly once (by the
 * source: in a worker for a big file in the browser, see `worker-source.ts`).
 */
import {
  FILE_CHUNK_MAX_BYTES,
  FILE_WINDOW_BYTES,
  type AgentToConsole,
  type MessageOf,
} from '@tasuke/protocol'

import type { FileSource } from './file-source'
import { type HashingSource, hashingSource, isHashingSource } from './hashing-source'
import { ProgressMeter } from './progress-meter'
import { ReadAhead } from './read-ahead'
import type { TransferLink } from './transfer-link'
import { type TransferPhase, type TransferView, isFinished } from './transfer-view'

/** Send chunks only while the socket holds less than this (screen traffic goes first). */
export const LINK_LOW_WATER_BYTES = 1024 * 1024
/** How often a sender held back by a full socket looks again. */
export const PACE_POLL_MS = 4

export interface TransferContext {
  readonly link: TransferLink
  readonly now: () => number
  /** Resolves after `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>
  /** Something a page would show changed. */
  readonly onChange: () => void
}

export class OutgoingTransfer {
  readonly id: number
  readonly path: string
  readonly #source: HashingSource
  readonly #reader: ReadAhead
  readonly #context: TransferContext
  readonly #meter = new ProgressMeter()
  #phase: TransferPhase = { name: 'queued' }
  #savedAs: string | null = null
  #sent = 0
  #acked = 0
  /** Bumped whenever the running send loop must stop (suspend, resume, end). */
  #run = 0
  #wake: (() => void) | null = null
  /** The finished hash, kept for a `file-done` sent again after a resume. */
  #sha256: string | null = null

  constructor(id: number, path: string, source: FileSource, context: TransferContext) {
    this.id = id
    this.path = path
    this.#source = isHashingSource(source) ? source : hashingSource(source)
    this.#reader = new ReadAhead(this.#source)
    this.#context = context
  }

  get phase(): TransferPhase {
    return this.#phase
  }

  get view(): TransferView {
    return {
      id: this.id,
      direction: 'to-customer',
      name: this.path,
      savedAs: this.#savedAs,
      size: this.#source.size,
      doneBytes: this.#acked,
      bytesPerSecond: this.#phase.name === 'moving' ? this.#meter.bytesPerSecond() : null,
      phase: this.#phase,
    }
  }

  /** Announces the file (again, after a resume): `file-send`. */
  start(): void {
    if (isFinished(this.#phase)) return
    this.#run += 1
    this.#setPhase({ name: 'starting' })
    void this.#context.link
      .send({
        type: 'file-send',
        transferId: this.id,
        path: this.path,
        size: this.#source.size,
      })
      .then((isSent) => {
        if (!isSent && this.#phase.name === 'starting') this.suspend()
      })
  }

  /** The connection is gone: stop sending until `start` runs again after the handshake. */
  suspend(): void {
    if (isFinished(this.#phase) || this.#phase.name === 'queued') return
    this.#run += 1
    this.#wakeUp()
    this.#meter.reset()
    this.#setPhase({ name: 'waiting-for-link' })
  }

  handleAccept(message: MessageOf<AgentToConsole, 'file-accept'>): void {
    if (this.#phase.name !== 'starting') return
    if (message.offset > this.#source.size) {
      this.fail('protocol-error', `the customer’s side holds ${message.offset} bytes`)
      return
    }
    this.#savedAs = message.savedAs
    this.#sent = message.offset
    this.#acked = message.offset
    this.#meter.record(this.#context.now(), this.#acked)
    this.#setPhase({ name: 'moving' })
    void this.#pump(this.#run)
  }

  handleAck(message: MessageOf<AgentToConsole, 'file-ack'>): void {
    if (this.#phase.name !== 'moving' && this.#phase.name !== 'verifying') return
    if (message.offset <= this.#acked || message.offset > this.#sent) return
    this.#acked = message.offset
    this.#meter.record(this.#context.now(), this.#acked)
    this.#wakeUp()
    this.#context.onChange()
  }

  handleResult(message: MessageOf<AgentToConsole, 'file-result'>): void {
    if (isFinished(this.#phase)) return
    switch (message.outcome) {
      case 'completed':
        if (this.#phase.name !== 'verifying') {
          this.fail('protocol-error', 'completed before every byte was sent')
          return
        }
        this.#acked = this.#source.size
        this.#finish({ name: 'completed' })
        return
      case 'cancelled':
        this.#finish({ name: 'cancelled', by: 'customer' })
        return
      case 'failed':
        this.#finish({
          name: 'failed',
          problem: message.problem ?? 'io-error',
          detail: message.detail,
        })
        return
    }
  }

  /** The customer cancelled (`file-cancel` from the agent). */
  handleCancel(): void {
    if (!isFinished(this.#phase)) this.#finish({ name: 'cancelled', by: 'customer' })
  }

  /** The operator cancels: `file-cancel` goes to the agent, which deletes the partial file. */
  cancel(): void {
    if (isFinished(this.#phase)) return
    const wasAnnounced = this.#phase.name !== 'queued'
    this.#finish({ name: 'cancelled', by: 'operator' })
    if (wasAnnounced) void this.#context.link.send({ type: 'file-cancel', transferId: this.id })
  }

  /** Ends the transfer here (nothing is sent; the caller tells the agent if it must). */
  fail(problem: Extract<TransferPhase, { name: 'failed' }>['problem'], detail: string): void {
    if (!isFinished(this.#phase)) this.#finish({ name: 'failed', problem, detail })
  }

  async #pump(run: number): Promise<void> {
    const { link } = this.#context
    const size = this.#source.size
    try {
      while (run === this.#run) {
        if (this.#sent >= size) {
          this.#setPhase({ name: 'verifying' })
          this.#sha256 ??= await this.#source.sha256()
          if (run !== this.#run) return
          const sha256 = this.#sha256
          await link.send({ type: 'file-done', transferId: this.id, sha256 })
          return
        }
        if (this.#sent - this.#acked >= FILE_WINDOW_BYTES) {
          await this.#waitForAck()
          continue
        }
        if (link.bufferedBytes >= LINK_LOW_WATER_BYTES) {
          await this.#context.sleep(PACE_POLL_MS)
          continue
        }
        const offset = this.#sent
        const data = await this.#reader.read(offset, Math.min(FILE_CHUNK_MAX_BYTES, size - offset))
        if (run !== this.#run) return
        if (data.byteLength === 0) throw new Error('the file is shorter than it was')
        if (!(await link.sendChunk({ transferId: this.id, offset, data }))) {
          if (run === this.#run) this.suspend()
          return
        }
        if (run !== this.#run) return
        this.#sent = offset + data.byteLength
      }
    } catch (error) {
      if (run !== this.#run) return
      // The file could not be read here: the agent must drop what it holds.
      const detail = error instanceof Error ? error.message : String(error)
      this.#finish({ name: 'failed', problem: 'io-error', detail })
      void link.send({ type: 'file-cancel', transferId: this.id })
    }
  }

  #waitForAck(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve
    })
  }

  #wakeUp(): void {
    const wake = this.#wake
    this.#wake = null
    wake?.()
  }

  #finish(phase: TransferPhase): void {
    this.#run += 1
    this.#source.close()
    this.#wakeUp()
    this.#setPhase(phase)
  }

  #setPhase(phase: TransferPhase): void {
    this.#phase = phase
    this.#context.onChange()
  }
}
