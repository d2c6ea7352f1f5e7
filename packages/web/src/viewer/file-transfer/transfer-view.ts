/**
 * What the page shows of file transfers: one plain, immutable snapshot per change. DOM-free.
 */
import type { FileAccess, FileListingEntry, FileProblem } from '@tasuke/protocol'

/** Which way the bytes go. */
export type TransferDirection = 'to-customer' | 'from-customer'

/** Why a transfer stopped without completing, beyond the protocol's own reasons. */
export type TransferProblem = FileProblem | 'session-ended'

export type TransferPhase =
  /** Waiting for another transfer to finish first. */
  | { readonly name: 'queued' }
  /** Asked the agent (`file-send` / `file-fetch`); no answer yet. */
  | { readonly name: 'starting' }
  | { readonly name: 'moving' }
  /** The connection dropped; the transfer continues after the next handshake (T5). */
  | { readonly name: 'waiting-for-link' }
  /** Every byte sent, `file-done` out: the customer's side checks the hash. */
  | { readonly name: 'verifying' }
  | { readonly name: 'completed' }
  | { readonly name: 'cancelled'; readonly by: 'operator' | 'customer' }
  | { readonly name: 'failed'; readonly problem: TransferProblem; readonly detail: string }

export interface TransferView {
  readonly id: number
  readonly direction: TransferDirection
  /** The path sent, or the name the agent gave (`file-meta`); null before it said. */
  readonly name: string | null
  /** Where the customer's side saved it (`file-accept` `savedAs`), for files sent. */
  readonly savedAs: string | null
  /** Null until the size is known (a fetch before `file-meta`). */
  readonly size: number | null
  /** Bytes the receiver confirmed (sent) or stored (fetched). */
  readonly doneBytes: number
  /** Recent speed, null until measured. */
  readonly bytesPerSecond: number | null
  readonly phase: TransferPhase
}

/** A file the customer offers (T8). */
export interface OfferView {
  readonly offerId: string
  readonly name: string
  readonly size: number
}

/** The customer's folders as far as the operator may see them (T7). */
export interface BrowseView {
  readonly access: FileAccess
  /** The folder shown, once one was listed. */
  readonly listing: {
    readonly path: string
    readonly parent: string | null
    readonly entries: readonly FileListingEntry[]
    readonly isTruncated: boolean
  } | null
  /** A listing was asked for and not answered yet. */
  readonly isLoading: boolean
  readonly error: { readonly problem: FileProblem; readonly detail: string } | null
}

export interface FileTransferView {
  readonly transfers: readonly TransferView[]
  readonly offers: readonly OfferView[]
  readonly browse: BrowseView
}

/** Whether a transfer has ended (completed, cancelled or failed). */
export function isFinished(phase: TransferPhase): boolean {
  return phase.name === 'completed' || phase.name === 'cancelled' || phase.name === 'failed'
}
