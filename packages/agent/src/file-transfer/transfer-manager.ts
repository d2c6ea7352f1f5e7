/**
 * Every file transfer of one session (SPEC.md T1–T8), owned by the session rather than by one
 * pairing, so a transfer survives a dropped link and continues from the stored offset when
 * the console asks again with the same id. `handle*` in; messages and chunks out through the
 * current pairing's channel; a view of the transfers for the customer's window.
 * @module
 */
import { homedir } from 'node:os'

import {
  type AgentToConsole,
  type ConsoleToAgent,
  type FileChunk,
  FileProblem,
} from '@tasuke/protocol'

import type { FilesView, TransferView } from '../consent-ui/index.js'
import { type BrowseAccess, createBrowseAccess } from './browse-access.js'
import { createFileOffers, type FileOffers } from './file-offers.js'
import { listFolder, resolveBrowsePath } from './folder-listing.js'
import { createIncomingFile, type IncomingFile } from './incoming-file.js'
import { openOutgoingFile, type OutgoingFile } from './outgoing-file.js'
import type { ReceiveFolder } from './receive-folder.js'
import { checkRelativePath } from './safe-name.js'
import { clampDetail, TransferError } from './transfer-error.js'
import { createTransferProgress, type TransferProgress } from './transfer-progress.js'

/** The most unfinished transfers at once; one more is answered `busy`. */
export const MAX_CONCURRENT_TRANSFERS = 8
/** Finished transfers kept in the window's list. */
const FINISHED_SHOWN = 10
/** Progress is shown at most this often. */
const PROGRESS_SHOWN_MS = 250

/** A file-transfer message the console sends. */
export type FileMessage = Extract<
  ConsoleToAgent,
  {
    type:
      | 'file-send'
      | 'file-fetch'
      | 'file-ack'
      | 'file-done'
      | 'file-cancel'
      | 'file-result'
      | 'file-browse'
  }
>

const FILE_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'file-send',
  'file-fetch',
  'file-ack',
  'file-done',
  'file-cancel',
  'file-result',
  'file-browse',
])

/** Whether a console message belongs to file transfer. */
export function isFileMessage(message: ConsoleToAgent): message is FileMessage {
  return FILE_MESSAGE_TYPES.has(message.type)
}

/** The current pairing's sealed channel, as transfers use it. */
export interface TransferPort {
  sendMessage(message: AgentToConsole): void
  sendChunk(chunk: FileChunk): Promise<void>
  bufferedAmount(): number
}

export interface TransferManagerOptions {
  readonly receiveFolder: ReceiveFolder
  /** The customer's home folder (`''` when browsing); the real one by default. */
  readonly home?: string
  readonly log?: (line: string) => void
  /** Something the window shows changed (throttled for progress). */
  readonly onChange?: () => void
  readonly now?: () => number
}

export interface TransferManager {
  /** A new pairing's channel: `file-access` and `file-offers` are told at once. */
  attach(port: TransferPort): void
  /** That pairing went away: sending pauses until the console asks again. */
  detach(port: TransferPort): void
  handleMessage(message: FileMessage): void
  handleChunk(chunk: FileChunk): void
  /** The customer pressed 中止 on a transfer. */
  cancel(transferId: number): void
  /** The customer's answer (or change of mind) about browsing. */
  answerBrowse(isAllowed: boolean): void
  offerFile(path: string): Promise<void>
  removeOffer(offerId: string): void
  view(): FilesView
  /** Whether bytes are moving right now (the window says the operator is transferring). */
  isTransferring(): boolean
  /** The session ended: every unfinished transfer is abandoned, partial files deleted. */
  close(): Promise<void>
}

interface Base {
  readonly transferId: number
  readonly progress: TransferProgress
  /** Every step of this transfer, one after another. */
  work: Promise<void>
}
interface Receiving extends Base {
  readonly direction: 'to-customer'
  readonly path: string
  readonly size: number
  file: IncomingFile | null
}
interface Sending extends Base {
  readonly direction: 'from-customer'
  readonly sourceKey: string
  /** The file's name before it is open (an offer's name, or the last part of a browsed path). */
  readonly label: string
  file: OutgoingFile | null
  /** `file-done` is out; waiting for the console's `file-result`. */
  isDone: boolean
}
type Transfer = Receiving | Sending

export function createTransferManager(options: TransferManagerOptions): TransferManager {
  const log = options.log ?? (() => undefined)
  const now = options.now ?? (() => Date.now())
  const home = options.home ?? homedir()
  const transfers = new Map<number, Transfer>()
  const finished: TransferView[] = []
  let port: TransferPort | null = null
  let isClosed = false
  let progressTimer: NodeJS.Timeout | undefined

  const changed = () => {
    clearTimeout(progressTimer)
    progressTimer = undefined
    if (!isClosed) options.onChange?.()
  }
  const progressed = () => {
    progressTimer ??= setTimeout(changed, PROGRESS_SHOWN_MS)
  }
  const send = (message: AgentToConsole) => {
    if (!isClosed) port?.sendMessage(message)
  }
  const access: BrowseAccess = createBrowseAccess((browse) => {
    send({ type: 'file-access', browse })
    changed()
  })
  const offers: FileOffers = createFileOffers(() => {
    sendOffers()
    changed()
  })
  const sendOffers = () => {
    send({
      type: 'file-offers',
      offers: offers.list().map(({ offerId, name, size }) => ({ offerId, name, size })),
    })
  }

  const bytesOf = (transfer: Transfer): number =>
    transfer.direction === 'to-customer'
      ? (transfer.file?.received() ?? 0)
      : (transfer.file?.acknowledged() ?? 0)

  const viewOf = (transfer: Transfer, state: TransferView['state']): TransferView => {
    const size = transfer.direction === 'to-customer' ? transfer.size : (transfer.file?.size ?? 0)
    const name =
      transfer.direction === 'to-customer'
        ? (transfer.file?.savedAs ?? transfer.path)
        : (transfer.file?.name ?? transfer.label)
    const bytesDone = bytesOf(transfer)
    const figures =
      state === 'running'
        ? transfer.progress.figures(size, now())
        : { bytesPerSecond: 0, secondsLeft: null }
    return {
      transferId: transfer.transferId,
      direction: transfer.direction,
      name,
      size,
      bytesDone,
      ...figures,
      state,
    }
  }

  /** Ends a transfer: its file closed or deleted, its line kept in the window's list. */
  const end = async (
    transfer: Transfer,
    state: 'completed' | 'failed' | 'cancelled',
    name?: string,
    problem?: FileProblem,
  ) => {
    if (transfers.get(transfer.transferId) !== transfer) return
    transfers.delete(transfer.transferId)
    const view = viewOf(transfer, state)
    finished.push({
      ...view,
      ...(name === undefined ? {} : { name }),
      ...(problem === undefined ? {} : { problem }),
    })
    if (finished.length > FINISHED_SHOWN) finished.shift()
    changed()
    if (transfer.direction === 'to-customer') {
      if (state !== 'completed') await transfer.file?.discard()
    } else {
      transfer.file?.pause()
      await transfer.file?.close()
    }
  }

  const fail = async (transfer: Transfer, error: unknown) => {
    const problem = error instanceof TransferError ? error.problem : FileProblem.IoError
    const detail = error instanceof Error ? error.message : String(error)
    log(`file transfer ${transfer.transferId} failed (${problem}): ${detail}`)
    if (transfers.get(transfer.transferId) !== transfer) return
    send(result(transfer.transferId, 'failed', problem, detail))
    await end(transfer, 'failed', undefined, problem)
  }

  /** Runs `step` after the transfer's earlier steps; a failure fails the transfer. */
  const queue = (transfer: Transfer, step: () => Promise<void>) => {
    transfer.work = transfer.work.then(async () => {
      if (transfers.get(transfer.transferId) !== transfer) return
      try {
        await step()
      } catch (error) {
        await fail(transfer, error)
      }
    })
  }

  const refuse = (transferId: number, problem: FileProblem, detail: string) => {
    log(`file transfer ${transferId} refused (${problem}): ${detail}`)
    send(result(transferId, 'failed', problem, detail))
  }

  const hasRoom = (transferId: number): boolean => {
    if (transfers.size < MAX_CONCURRENT_TRANSFERS) return true
    refuse(transferId, FileProblem.Busy, `at most ${MAX_CONCURRENT_TRANSFERS} transfers at once`)
    return false
  }

  const handleSend = (message: Extract<FileMessage, { type: 'file-send' }>) => {
    const { transferId, path, size } = message
    const known = transfers.get(transferId)
    if (known !== undefined) {
      if (known.direction !== 'to-customer' || known.path !== path || known.size !== size) {
        refuse(transferId, FileProblem.ProtocolError, 'this transfer id is in use for another file')
        return
      }
      // A resume (T5): what is stored stays; the console goes on from there.
      queue(known, () => {
        const file = known.file
        if (file === null) throw new TransferError(FileProblem.IoError, 'the file is not open')
        send({ type: 'file-accept', transferId, offset: file.received(), savedAs: file.savedAs })
        changed()
        return Promise.resolve()
      })
      return
    }
    const checked = checkRelativePath(path)
    if (!checked.ok) {
      refuse(transferId, FileProblem.BadName, checked.detail)
      return
    }
    if (!hasRoom(transferId)) return
    const transfer: Receiving = {
      transferId,
      direction: 'to-customer',
      path,
      size,
      file: null,
      progress: createTransferProgress(),
      work: Promise.resolve(),
    }
    transfers.set(transferId, transfer)
    changed()
    queue(transfer, async () => {
      const root = await options.receiveFolder.ensure().catch((error: unknown) => {
        throw new TransferError(
          FileProblem.IoError,
          `the receiving folder ${options.receiveFolder.path} cannot be used: ${String(error)}`,
        )
      })
      const file = await createIncomingFile(root, checked.segments, size)
      if (transfers.get(transferId) !== transfer) {
        await file.discard()
        return
      }
      transfer.file = file
      transfer.progress.record(0, now())
      send({ type: 'file-accept', transferId, offset: 0, savedAs: file.savedAs })
      changed()
    })
  }

  const handleChunk = (chunk: FileChunk) => {
    const transfer = transfers.get(chunk.transferId)
    if (transfer === undefined) {
      // Chunks already under way when a transfer ended (a cancel crossed them): nothing to say.
      return
    }
    if (transfer.direction !== 'to-customer') {
      void fail(
        transfer,
        new TransferError(FileProblem.ProtocolError, 'a chunk arrived for a file the agent sends'),
      )
      return
    }
    queue(transfer, async () => {
      const file = transfer.file
      if (file === null) {
        throw new TransferError(FileProblem.ProtocolError, 'a chunk arrived before file-accept')
      }
      await file.write(chunk.offset, chunk.data)
      transfer.progress.record(file.received(), now())
      send({ type: 'file-ack', transferId: transfer.transferId, offset: file.received() })
      progressed()
    })
  }

  const handleDone = (transferId: number, sha256: string) => {
    const transfer = transfers.get(transferId)
    if (transfer?.direction !== 'to-customer') {
      if (transfer !== undefined) {
        void fail(
          transfer,
          new TransferError(FileProblem.ProtocolError, 'file-done from the receiver'),
        )
      }
      return
    }
    queue(transfer, async () => {
      const file = transfer.file
      if (file === null)
        throw new TransferError(FileProblem.ProtocolError, 'file-done before file-accept')
      const savedAs = await file.finish(sha256)
      log(`file transfer ${transferId} saved as ${savedAs}`)
      send(result(transferId, 'completed', null, `saved as ${savedAs}`))
      await end(transfer, 'completed', savedAs)
    })
  }

  const sourceKeyOf = (source: Extract<FileMessage, { type: 'file-fetch' }>['source']) =>
    'offerId' in source ? `offer:${source.offerId}` : `path:${source.path}`

  const handleFetch = (message: Extract<FileMessage, { type: 'file-fetch' }>) => {
    const { transferId, source, offset } = message
    const known = transfers.get(transferId)
    if (known !== undefined) {
      if (known.direction !== 'from-customer' || known.sourceKey !== sourceKeyOf(source)) {
        refuse(transferId, FileProblem.ProtocolError, 'this transfer id is in use for another file')
        return
      }
      known.file?.pause()
      known.isDone = false
      startSending(known, offset)
      return
    }
    if (!hasRoom(transferId)) return
    const transfer: Sending = {
      transferId,
      direction: 'from-customer',
      sourceKey: sourceKeyOf(source),
      label:
        'offerId' in source
          ? (offers.find(source.offerId)?.name ?? '')
          : (source.path.split(/[\\/]/).at(-1) ?? ''),
      file: null,
      isDone: false,
      progress: createTransferProgress(),
      work: Promise.resolve(),
    }
    transfers.set(transferId, transfer)
    changed()
    queue(transfer, async () => {
      let path: string
      if ('offerId' in source) {
        const offer = offers.find(source.offerId)
        if (offer === undefined) {
          throw new TransferError(FileProblem.NotFound, 'the customer no longer offers this file')
        }
        path = offer.path
      } else {
        if (!(await access.request())) {
          throw new TransferError(FileProblem.NotAllowed, 'the customer has not allowed browsing')
        }
        path = resolveBrowsePath(source.path, home)
      }
      const file = await openOutgoingFile(path)
      if (transfers.get(transferId) !== transfer) {
        await file.close()
        return
      }
      transfer.file = file
      startSending(transfer, offset)
    })
  }

  const startSending = (transfer: Sending, offset: number) => {
    const file = transfer.file
    const current = port
    if (file === null || current === null) return
    const { transferId } = transfer
    send({ type: 'file-meta', transferId, name: file.name, size: file.size })
    transfer.progress.record(offset, now())
    changed()
    const chunkPort = {
      sendChunk: (chunkOffset: number, data: Uint8Array) =>
        current.sendChunk({ transferId, offset: chunkOffset, data }),
      bufferedAmount: () => current.bufferedAmount(),
    }
    file.send(offset, chunkPort).then(
      (sha256) => {
        if (sha256 === null || transfers.get(transferId) !== transfer || port !== current) return
        transfer.isDone = true
        current.sendMessage({ type: 'file-done', transferId, sha256 })
      },
      (error: unknown) => {
        void fail(transfer, error)
      },
    )
  }

  const handleAck = (transferId: number, offset: number) => {
    const transfer = transfers.get(transferId)
    if (transfer?.direction !== 'from-customer' || transfer.file === null) return
    if (offset > transfer.file.size) {
      void fail(transfer, new TransferError(FileProblem.ProtocolError, 'an ack past the end'))
      return
    }
    transfer.file.handleAck(offset)
    transfer.progress.record(transfer.file.acknowledged(), now())
    progressed()
  }

  const handleResult = (message: Extract<FileMessage, { type: 'file-result' }>) => {
    const transfer = transfers.get(message.transferId)
    if (transfer === undefined) return
    log(
      `file transfer ${message.transferId}: the console says ${message.outcome}` +
        (message.problem === null ? '' : ` (${message.problem}: ${message.detail})`),
    )
    if (transfer.direction === 'from-customer' && message.outcome === 'completed') {
      if (transfer.file !== null) transfer.file.handleAck(transfer.file.size)
      void end(transfer, transfer.isDone ? 'completed' : 'failed')
      return
    }
    void end(transfer, message.outcome === 'cancelled' ? 'cancelled' : 'failed')
  }

  const handleBrowse = (requestId: number, path: string) => {
    void (async () => {
      try {
        if (!(await access.request())) {
          throw new TransferError(FileProblem.NotAllowed, 'the customer has not allowed browsing')
        }
        const listing = await listFolder(path, home)
        send({ type: 'file-listing', requestId, ...listing })
      } catch (error) {
        const problem = error instanceof TransferError ? error.problem : FileProblem.IoError
        const detail = clampDetail(error instanceof Error ? error.message : String(error))
        send({ type: 'file-browse-error', requestId, problem, detail })
      }
    })()
  }

  return {
    attach(next) {
      port = next
      send({ type: 'file-access', browse: access.state() })
      sendOffers()
      changed()
    },
    detach(gone) {
      if (port !== gone) return
      port = null
      for (const transfer of transfers.values()) {
        if (transfer.direction === 'from-customer') transfer.file?.pause()
      }
      changed()
    },
    handleMessage(message) {
      if (isClosed) return
      switch (message.type) {
        case 'file-send':
          handleSend(message)
          return
        case 'file-fetch':
          handleFetch(message)
          return
        case 'file-ack':
          handleAck(message.transferId, message.offset)
          return
        case 'file-done':
          handleDone(message.transferId, message.sha256)
          return
        case 'file-cancel': {
          const transfer = transfers.get(message.transferId)
          if (transfer !== undefined) {
            log(`file transfer ${message.transferId} cancelled by the operator`)
            void end(transfer, 'cancelled')
          }
          return
        }
        case 'file-result':
          handleResult(message)
          return
        case 'file-browse':
          handleBrowse(message.requestId, message.path)
          return
      }
    },
    handleChunk(chunk) {
      if (!isClosed) handleChunk(chunk)
    },
    cancel(transferId) {
      const transfer = transfers.get(transferId)
      if (transfer === undefined) return
      log(`file transfer ${transferId} cancelled by the customer`)
      send({ type: 'file-cancel', transferId })
      void end(transfer, 'cancelled')
    },
    answerBrowse(isAllowed) {
      access.answer(isAllowed)
    },
    async offerFile(path) {
      await offers.add(path)
    },
    removeOffer(offerId) {
      offers.remove(offerId)
    },
    view() {
      const running = [...transfers.values()].map((transfer) =>
        viewOf(transfer, port === null ? 'waiting' : 'running'),
      )
      return {
        transfers: [...finished, ...running],
        browse: access.state(),
        offers: offers.list().map(({ offerId, name, size }) => ({ offerId, name, size })),
      }
    },
    isTransferring: () => port !== null && transfers.size > 0,
    async close() {
      if (isClosed) return
      const open = [...transfers.values()]
      for (const transfer of open) await end(transfer, 'cancelled')
      isClosed = true
      clearTimeout(progressTimer)
      access.close()
      await Promise.allSettled(open.map((transfer) => transfer.work))
    },
  }
}

function result(
  transferId: number,
  outcome: 'completed' | 'cancelled' | 'failed',
  problem: FileProblem | null,
  detail: string,
): AgentToConsole {
  return { type: 'file-result', transferId, outcome, problem, detail: clampDetail(detail) }
}
