/**
 * One file fetched from the customer (SPEC.md T1–T5): `file-fetch`, then `file-meta`, chunks
 * strictly in order (anything else fails it with `protocol-error`), a `file-ack` after each,
 * and `file-done`, whose SHA-256 must equal that of what arrived before the file is handed
 * to the operator. The bytes are kept as Blobs (the browser pages big ones to disk), each
 * hashed while the rest arrives (in a worker for big files, `appending-hash.ts`). After a
 * resume it asks again with the same id from the offset it holds.
 */
import type { AgentToConsole, FileChunk, MessageOf } from '@tasuke/protocol'

import type { TransferContext } from './outgoing-transfer'
import { type AppendingHash, appendingHash } from './appending-hash'
import { ProgressMeter } from './progress-meter'
import type { TransferPhase, TransferProblem, TransferView } from './transfer-view'
import { isFinished } from './transfer-view'

/** Which file to fetch: one the customer offered, or a path found by browsing. */
export type FetchSource = { readonly offerId: string } | { readonly path: string }

/** Chunks are gathered up to this many bytes before becoming one Blob. */
const BLOB_PART_BYTES = 8 * 1024 * 1024

export interface IncomingContext extends TransferContext {
  /** Hands a verified file to the operator (a download in the browser). */
  readonly save: (name: string, file: Blob) => void
}

export class IncomingTransfer {
  readonly id: number
  readonly #source: FetchSource
  readonly #context: IncomingContext
  readonly #hash: AppendingHash = appendingHash()
  /** file-done came and the hash is being finished. */
  #isVerifying = false
  readonly #meter = new ProgressMeter()
  readonly #blobs: Blob[] = []
  #pending: Uint8Array<ArrayBuffer>[] = []
  #pendingBytes = 0
  #phase: TransferPhase = { name: 'queued' }
  #name: string | null
  #size: number | null = null
  #received = 0

  constructor(id: number, source: FetchSource, name: string | null, context: IncomingContext) {
    this.id = id
    this.#source = source
    this.#name = name
    this.#context = context
  }

  get phase(): TransferPhase {
    return this.#phase
  }

  get view(): TransferView {
    return {
      id: this.id,
      direction: 'from-customer',
      name: this.#name,
      savedAs: null,
      size: this.#size,
      doneBytes: this.#received,
      bytesPerSecond: this.#phase.name === 'moving' ? this.#meter.bytesPerSecond() : null,
      phase: this.#phase,
    }
  }

  /** Asks for the file (again, after a resume) from the offset already held. */
  start(): void {
    if (isFinished(this.#phase)) return
    this.#setPhase({ name: 'starting' })
    void this.#context.link
      .send({
        type: 'file-fetch',
        transferId: this.id,
        source: this.#source,
        offset: this.#received,
      })
      .then((isSent) => {
        if (!isSent && this.#phase.name === 'starting') this.suspend()
      })
  }

  /** The connection is gone; `start` runs again after the next handshake. */
  suspend(): void {
    // Once every byte is here, the verdict needs no link (its answer to the agent may be lost).
    if (isFinished(this.#phase) || this.#isVerifying) return
    this.#meter.reset()
    this.#setPhase({ name: 'waiting-for-link' })
  }

  handleMeta(message: MessageOf<AgentToConsole, 'file-meta'>): void {
    if (this.#phase.name !== 'starting') {
      this.#protocolError('a file-meta out of place')
      return
    }
    if (message.size < this.#received || (this.#size !== null && message.size !== this.#size)) {
      this.#protocolError(`the file’s size changed to ${message.size}`)
      return
    }
    this.#name = message.name
    this.#size = message.size
    this.#meter.record(this.#context.now(), this.#received)
    this.#setPhase({ name: 'moving' })
  }

  handleChunk(chunk: FileChunk): void {
    if (isFinished(this.#phase)) return
    const end = chunk.offset + chunk.data.byteLength
    if (this.#phase.name !== 'moving' || chunk.offset !== this.#received) {
      this.#protocolError(`a chunk at ${chunk.offset}, expected one at ${this.#received}`)
      return
    }
    if (end > (this.#size ?? 0)) {
      this.#protocolError(`a chunk ending at ${end}, past the announced size`)
      return
    }
    this.#keep(chunk.data)
    this.#received = end
    this.#meter.record(this.#context.now(), end)
    void this.#context.link.send({ type: 'file-ack', transferId: this.id, offset: end })
    this.#context.onChange()
  }

  handleDone(message: MessageOf<AgentToConsole, 'file-done'>): void {
    if (this.#phase.name !== 'moving' || this.#isVerifying) {
      this.#protocolError('a file-done out of place')
      return
    }
    if (this.#received !== this.#size) {
      this.#protocolError(`${this.#received} bytes arrived, ${this.#size ?? 0} were announced`)
      return
    }
    this.#flush()
    this.#isVerifying = true
    void this.#verify(message.sha256)
  }

  /** Hands the file over once the SHA-256 of what arrived equals the sender's. */
  async #verify(expected: string): Promise<void> {
    let sha256: string
    try {
      sha256 = await this.#hash.sha256()
    } catch (error) {
      // Cancelled meanwhile (the hash was closed), or the browser lost a part.
      if (isFinished(this.#phase)) return
      const detail = error instanceof Error ? error.message : String(error)
      this.#answer('failed', 'io-error', detail)
      this.#drop()
      this.#finish({ name: 'failed', problem: 'io-error', detail })
      return
    }
    if (isFinished(this.#phase)) return
    if (sha256 !== expected) {
      this.#answer('failed', 'hash-mismatch', 'the SHA-256 of what arrived differs')
      this.#drop()
      this.#finish({ name: 'failed', problem: 'hash-mismatch', detail: '' })
      return
    }
    const file = new Blob(this.#blobs, { type: 'application/octet-stream' })
    this.#drop()
    this.#context.save(this.#name ?? `file-${this.id}`, file)
    this.#answer('completed', null, '')
    this.#finish({ name: 'completed' })
  }

  /** The agent could not send it (`not-found`, `not-allowed`, …) or cancelled. */
  handleResult(message: MessageOf<AgentToConsole, 'file-result'>): void {
    if (isFinished(this.#phase)) return
    this.#drop()
    if (message.outcome === 'failed') {
      this.#finish({
        name: 'failed',
        problem: message.problem ?? 'io-error',
        detail: message.detail,
      })
    } else {
      this.#finish({ name: 'cancelled', by: 'customer' })
    }
  }

  /** The customer cancelled (`file-cancel` from the agent). */
  handleCancel(): void {
    if (isFinished(this.#phase)) return
    this.#drop()
    this.#finish({ name: 'cancelled', by: 'customer' })
  }

  /** The operator cancels: the agent stops sending; what arrived is dropped. */
  cancel(): void {
    if (isFinished(this.#phase)) return
    this.#drop()
    this.#finish({ name: 'cancelled', by: 'operator' })
    void this.#context.link.send({ type: 'file-cancel', transferId: this.id })
  }

  /** Ends it here without telling the agent (the session is over). */
  fail(problem: TransferProblem, detail: string): void {
    if (isFinished(this.#phase)) return
    this.#drop()
    this.#finish({ name: 'failed', problem, detail })
  }

  #protocolError(detail: string): void {
    if (isFinished(this.#phase)) return
    this.#answer('failed', 'protocol-error', detail)
    this.#drop()
    this.#finish({ name: 'failed', problem: 'protocol-error', detail })
  }

  #answer(
    outcome: 'completed' | 'failed',
    problem: 'hash-mismatch' | 'protocol-error' | 'io-error' | null,
    detail: string,
  ): void {
    void this.#context.link.send({
      type: 'file-result',
      transferId: this.id,
      outcome,
      problem,
      detail,
    })
  }

  #keep(data: Uint8Array): void {
    // The chunk is a view into a decrypted buffer; copy it out so that buffer can go.
    this.#pending.push(data.slice())
    this.#pendingBytes += data.byteLength
    if (this.#pendingBytes >= BLOB_PART_BYTES) this.#flush()
  }

  #flush(): void {
    if (this.#pending.length === 0) return
    const part = new Blob(this.#pending)
    this.#blobs.push(part)
    this.#hash.append(part)
    this.#pending = []
    this.#pendingBytes = 0
  }

  #drop(): void {
    this.#blobs.length = 0
    this.#pending = []
    this.#pendingBytes = 0
    this.#hash.close()
  }

  #finish(phase: TransferPhase): void {
    this.#meter.reset()
    this.#setPhase(phase)
  }

  #setPhase(phase: TransferPhase): void {
    this.#phase = phase
    this.#context.onChange()
  }
}
