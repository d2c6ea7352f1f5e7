/**
 * Every file transfer of one session, the customer's offers and the browse panel's state
 * (SPEC.md T1–T8), for the console. DOM-free: agent messages and chunks come in through
 * `handle*`, commands are methods, and `onChange` listeners get a fresh `FileTransferView`.
 * Files sent to the customer go one at a time; fetched files may run side by side.
 */
import {
  FILE_TRANSFER_ID_MAX,
  FileAccess,
  type AgentToConsole,
  type FileChunk,
  type MessageOf,
} from '@tasuke/protocol'

import { type PathProblem, pathProblem } from './file-path'
import { type FetchSource, IncomingTransfer } from './incoming-transfer'
import type { FileSource } from './file-source'
import { OutgoingTransfer } from './outgoing-transfer'
import type { TransferLink } from './transfer-link'
import { type BrowseView, type FileTransferView, type OfferView, isFinished } from './transfer-view'

/** The file-transfer messages an agent sends (SPEC.md T-rules). */
export type FileMessage = MessageOf<
  AgentToConsole,
  | 'file-accept'
  | 'file-meta'
  | 'file-ack'
  | 'file-done'
  | 'file-cancel'
  | 'file-result'
  | 'file-listing'
  | 'file-browse-error'
  | 'file-access'
  | 'file-offers'
>

const FILE_MESSAGE_TYPES: ReadonlySet<string> = new Set<FileMessage['type']>([
  'file-accept',
  'file-meta',
  'file-ack',
  'file-done',
  'file-cancel',
  'file-result',
  'file-listing',
  'file-browse-error',
  'file-access',
  'file-offers',
])

/** Whether an agent message belongs to file transfer. */
export function isFileMessage(message: AgentToConsole): message is FileMessage {
  return FILE_MESSAGE_TYPES.has(message.type)
}

/** A file the operator chose to send, with its relative path (a folder keeps its sub-folders). */
export interface FileToSend {
  readonly path: string
  readonly source: FileSource
}

/** A file refused before sending, and why. */
export interface RefusedFile {
  readonly path: string
  readonly problem: PathProblem
}

export interface FileTransfersOptions {
  readonly link: TransferLink
  /** Hands a verified fetched file to the operator. */
  readonly save: (name: string, file: Blob) => void
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  /** The first transfer id; random by default so a reloaded page never reuses an id. */
  readonly firstId?: number
}

type Transfer = OutgoingTransfer | IncomingTransfer

export class FileTransfers {
  readonly #link: TransferLink
  readonly #transfers = new Map<number, Transfer>()
  readonly #listeners = new Set<(view: FileTransferView) => void>()
  readonly #context
  #nextId: number
  #nextRequestId = 0
  #pendingBrowse: { readonly requestId: number; readonly path: string } | null = null
  #isSecured = false
  #offers: readonly OfferView[] = []
  #browse: BrowseView = {
    access: FileAccess.NotAsked,
    listing: null,
    isLoading: false,
    error: null,
  }
  #view: FileTransferView | null = null

  constructor(options: FileTransfersOptions) {
    this.#link = options.link
    this.#nextId = options.firstId ?? randomId()
    this.#context = {
      link: options.link,
      save: options.save,
      now: options.now ?? (() => performance.now()),
      sleep:
        options.sleep ??
        ((ms: number) =>
          new Promise<void>((resolve) => {
            setTimeout(resolve, ms)
          })),
      onChange: () => {
        // A send that just ended lets the next queued one start.
        this.#startNextOutgoing()
        this.#changed()
      },
    }
  }

  /** The current snapshot (a new object after every change). */
  get view(): FileTransferView {
    this.#view ??= {
      transfers: [...this.#transfers.values()].map((transfer) => transfer.view),
      offers: this.#offers,
      browse: this.#browse,
    }
    return this.#view
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  onChange(listener: (view: FileTransferView) => void): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /**
   * Queues files to send to the customer. Paths the agent would refuse (SPEC.md T6) are not
   * sent; they are returned with the reason. Returns the ids of the queued transfers too.
   */
  send(files: readonly FileToSend[]): { readonly ids: number[]; readonly refused: RefusedFile[] } {
    const ids: number[] = []
    const refused: RefusedFile[] = []
    for (const file of files) {
      const problem = pathProblem(file.path)
      if (problem !== null) {
        refused.push({ path: file.path, problem })
        continue
      }
      const id = this.#takeId()
      this.#transfers.set(id, new OutgoingTransfer(id, file.path, file.source, this.#context))
      ids.push(id)
    }
    this.#startNextOutgoing()
    this.#changed()
    return { ids, refused }
  }

  /** Fetches a file the customer offered, or one found by browsing; returns its transfer id. */
  fetch(source: FetchSource, name: string | null = null): number {
    const id = this.#takeId()
    const transfer = new IncomingTransfer(id, source, name, this.#context)
    this.#transfers.set(id, transfer)
    if (this.#isSecured) transfer.start()
    else transfer.suspend()
    this.#changed()
    return id
  }

  /**
   * Lists a customer's folder (`''`: their home). The first time, the agent asks the
   * customer's permission (T7); the answer comes as `file-access` and then the listing.
   */
  browse(path: string): void {
    const requestId = this.#nextRequestId
    this.#nextRequestId = (this.#nextRequestId + 1) % (FILE_TRANSFER_ID_MAX + 1)
    this.#pendingBrowse = { requestId, path }
    this.#browse = { ...this.#browse, isLoading: true, error: null }
    void this.#link.send({ type: 'file-browse', requestId, path })
    this.#changed()
  }

  /** The operator cancels one transfer. */
  cancel(id: number): void {
    this.#transfers.get(id)?.cancel()
    this.#startNextOutgoing()
  }

  /** Removes finished transfers from the list. */
  clearFinished(): void {
    for (const [id, transfer] of this.#transfers) {
      if (isFinished(transfer.phase)) this.#transfers.delete(id)
    }
    this.#changed()
  }

  /** Keys were agreed (the first time or after a resume): every unfinished transfer goes on. */
  handleSecured(): void {
    this.#isSecured = true
    for (const transfer of this.#transfers.values()) {
      const { name } = transfer.phase
      if (name !== 'queued' && !isFinished(transfer.phase)) transfer.start()
    }
    this.#startNextOutgoing()
    if (this.#pendingBrowse !== null) this.browse(this.#pendingBrowse.path)
  }

  /** The agent is gone for now (its connection dropped): transfers wait for the next handshake. */
  handleLinkLost(): void {
    this.#isSecured = false
    for (const transfer of this.#transfers.values()) transfer.suspend()
  }

  /** The session ended: unfinished transfers are abandoned (T5). */
  handleSessionEnded(): void {
    this.#isSecured = false
    for (const transfer of this.#transfers.values()) transfer.fail('session-ended', '')
  }

  handleChunk(chunk: FileChunk): void {
    const transfer = this.#transfers.get(chunk.transferId)
    if (transfer instanceof IncomingTransfer) transfer.handleChunk(chunk)
    else this.#unknown(chunk.transferId, 'a chunk for a transfer that is not a fetch')
  }

  handleMessage(message: FileMessage): void {
    switch (message.type) {
      case 'file-access':
        this.#handleAccess(message.browse)
        return
      case 'file-offers':
        this.#offers = message.offers
        this.#changed()
        return
      case 'file-listing':
        if (message.requestId !== this.#pendingBrowse?.requestId) return
        this.#pendingBrowse = null
        this.#browse = {
          ...this.#browse,
          isLoading: false,
          error: null,
          listing: {
            path: message.path,
            parent: message.parent,
            entries: message.entries,
            isTruncated: message.isTruncated,
          },
        }
        this.#changed()
        return
      case 'file-browse-error':
        if (message.requestId !== this.#pendingBrowse?.requestId) return
        this.#pendingBrowse = null
        this.#browse = {
          ...this.#browse,
          isLoading: false,
          error: { problem: message.problem, detail: message.detail },
        }
        this.#changed()
        return
      case 'file-accept':
        this.#outgoing(message.transferId)?.handleAccept(message)
        return
      case 'file-meta':
        this.#incoming(message.transferId)?.handleMeta(message)
        return
      case 'file-done':
        this.#incoming(message.transferId)?.handleDone(message)
        return
      case 'file-ack':
        this.#outgoing(message.transferId)?.handleAck(message)
        return
      case 'file-cancel':
        this.#transfers.get(message.transferId)?.handleCancel()
        this.#startNextOutgoing()
        return
      case 'file-result':
        this.#transfers.get(message.transferId)?.handleResult(message)
        this.#startNextOutgoing()
        return
    }
  }

  #handleAccess(access: FileAccess): void {
    const wasAllowed = this.#browse.access === FileAccess.Allowed
    this.#browse = { ...this.#browse, access }
    if (access !== FileAccess.Allowed) {
      // Taken back (or never given): what was listed is not the operator's to see any more.
      this.#browse = { ...this.#browse, listing: null }
      if (access === FileAccess.Refused) this.#browse = { ...this.#browse, isLoading: false }
    }
    this.#changed()
    // Allowed just now, and nothing asked for in between: show the home folder.
    if (access === FileAccess.Allowed && !wasAllowed && this.#browse.listing === null) {
      if (this.#pendingBrowse === null) this.browse('')
    }
  }

  #outgoing(id: number): OutgoingTransfer | null {
    const transfer = this.#transfers.get(id)
    if (transfer instanceof OutgoingTransfer) return transfer
    this.#unknown(id, 'a message for a transfer that is not a send')
    return null
  }

  #incoming(id: number): IncomingTransfer | null {
    const transfer = this.#transfers.get(id)
    if (transfer instanceof IncomingTransfer) return transfer
    this.#unknown(id, 'a message for a transfer that is not a fetch')
    return null
  }

  /** A message for an id this console never started (or forgot): the agent is told to stop. */
  #unknown(id: number, detail: string): void {
    if (this.#transfers.has(id)) {
      this.#transfers.get(id)?.fail('protocol-error', detail)
      this.#startNextOutgoing()
    }
    void this.#link.send({
      type: 'file-result',
      transferId: id,
      outcome: 'failed',
      problem: 'protocol-error',
      detail,
    })
  }

  /** Starts the oldest queued send once no other send is under way. */
  #startNextOutgoing(): void {
    if (!this.#isSecured) return
    let next: OutgoingTransfer | null = null
    for (const transfer of this.#transfers.values()) {
      if (!(transfer instanceof OutgoingTransfer)) continue
      const { name } = transfer.phase
      if (name === 'queued') next ??= transfer
      else if (!isFinished(transfer.phase)) return
    }
    next?.start()
  }

  #takeId(): number {
    const id = this.#nextId
    this.#nextId = (this.#nextId + 1) % (FILE_TRANSFER_ID_MAX + 1)
    return id
  }

  #changed(): void {
    this.#view = null
    if (this.#listeners.size === 0) return
    const view = this.view
    for (const listener of this.#listeners) listener(view)
  }
}

function randomId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0
}
