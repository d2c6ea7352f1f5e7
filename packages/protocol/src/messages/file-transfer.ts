/**
 * Sealed peer messages of file transfer (SPEC.md T-rules): the operator sends files to the
 * customer, fetches files the customer offers, and browses the customer's folders once the
 * customer allowed it. The bytes travel in `FileChunk` frames; these messages start, pace,
 * finish and cancel them. Every transfer id is chosen by the console.
 * @module
 */
import { Type, type Static } from '@sinclair/typebox'

import { FILE_MAX_BYTES, FILE_TRANSFER_ID_MAX } from '../frames/file-chunk.js'
import { EpochMilliseconds, HumanText, message, oneOf } from './fields.js'

/** The most characters of a path or name in a file-transfer message. */
export const FILE_PATH_MAX_LENGTH = 4096

/** The most entries one `file-listing` carries; a bigger folder is cut (`isTruncated`). */
export const FILE_LISTING_MAX_ENTRIES = 2000

/** The most files the customer offers at once. */
export const FILE_OFFERS_MAX = 64

/**
 * How many bytes a sender may have sent beyond the receiver's last `file-ack` (T3): bounds
 * the memory of every hop whatever the file's size.
 */
export const FILE_WINDOW_BYTES = 4 * 1024 * 1024

const TransferId = Type.Integer({ minimum: 0, maximum: FILE_TRANSFER_ID_MAX })
const ByteOffset = Type.Integer({ minimum: 0, maximum: FILE_MAX_BYTES })
const RequestId = Type.Integer({ minimum: 0, maximum: FILE_TRANSFER_ID_MAX })
/** A path or name as the sender wrote it; the receiver checks it (T6), so it is not narrowed here. */
const PathText = Type.String({ minLength: 1, maxLength: FILE_PATH_MAX_LENGTH })
const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64 })
const OfferId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })

/** Why a transfer or a browse did not complete. */
export const FileProblem = {
  /** A name or path the receiver refuses (`..`, absolute, reserved, NUL, too long, …). */
  BadName: 'bad-name',
  NotFound: 'not-found',
  /** The customer has not allowed browsing (or took it back). */
  NotAllowed: 'not-allowed',
  /** Not a regular file (a fetch) or not a folder (a browse). */
  WrongKind: 'wrong-kind',
  TooLarge: 'too-large',
  NoSpace: 'no-space',
  /** Reading or writing failed on the side that says so. */
  IoError: 'io-error',
  /** The SHA-256 of what arrived differs from the sender's. */
  HashMismatch: 'hash-mismatch',
  /** The message does not fit the transfer's state (an unknown id, a chunk out of place). */
  ProtocolError: 'protocol-error',
  /** Too many transfers at once. */
  Busy: 'busy',
} as const
/** A value of {@link FileProblem}. */
export type FileProblem = (typeof FileProblem)[keyof typeof FileProblem]

/** The customer's answer about browsing their files, asked once per session (T7). */
export const FileAccess = {
  NotAsked: 'not-asked',
  Asking: 'asking',
  Allowed: 'allowed',
  Refused: 'refused',
} as const
/** A value of {@link FileAccess}. */
export type FileAccess = (typeof FileAccess)[keyof typeof FileAccess]

/**
 * Console → agent: the operator sends a file (T1). `path` is relative, `/`-separated (a file
 * of a sent folder keeps its sub-folders). Sent again with the same id after a resume (T5).
 */
export const FileSend = message('file-send', {
  transferId: TransferId,
  path: PathText,
  size: ByteOffset,
})

/**
 * Agent → console: the agent takes the file `file-send` announced, from `offset` (0, or what
 * it already holds after a resume), saving it under `savedAs` (renamed on a clash, T6).
 */
export const FileAccept = message('file-accept', {
  transferId: TransferId,
  offset: ByteOffset,
  savedAs: PathText,
})

/** Which file the operator fetches: one the customer offered, or a path found by browsing. */
const FetchSource = Type.Union([
  Type.Object({ offerId: OfferId }, { additionalProperties: false }),
  Type.Object({ path: PathText }, { additionalProperties: false }),
])

/** Console → agent: send me this file, from `offset` (0, or what arrived before a resume). */
export const FileFetch = message('file-fetch', {
  transferId: TransferId,
  source: FetchSource,
  offset: ByteOffset,
})

/** Agent → console: what a `file-fetch` brings, before its first chunk. */
export const FileMeta = message('file-meta', {
  transferId: TransferId,
  name: PathText,
  size: ByteOffset,
})

/** Either way, receiver → sender: every byte before `offset` is taken (T3). */
export const FileAck = message('file-ack', { transferId: TransferId, offset: ByteOffset })

/** Either way, sender → receiver: the last chunk is out; the file's SHA-256 (T4). */
export const FileDone = message('file-done', { transferId: TransferId, sha256: Sha256Hex })

/** Either way: stop this transfer; the receiver deletes what it wrote (T5). */
export const FileCancel = message('file-cancel', { transferId: TransferId })

/** Either way: how a transfer ended; `problem` is null when it completed. */
export const FileResult = message('file-result', {
  transferId: TransferId,
  outcome: oneOf(['completed', 'cancelled', 'failed']),
  problem: Type.Union([oneOf(Object.values(FileProblem)), Type.Null()]),
  detail: HumanText,
})

/** Console → agent: list a folder of the customer's (`''`: their home folder). */
export const FileBrowse = message('file-browse', {
  requestId: RequestId,
  path: Type.String({ maxLength: FILE_PATH_MAX_LENGTH }),
})

/** Agent → console: a folder's content, folders first, then by name. */
export const FileListing = message('file-listing', {
  requestId: RequestId,
  path: PathText,
  parent: Type.Union([PathText, Type.Null()]),
  entries: Type.Array(
    Type.Object(
      {
        name: PathText,
        kind: oneOf(['file', 'folder', 'other']),
        size: ByteOffset,
        modifiedAt: EpochMilliseconds,
      },
      { additionalProperties: false },
    ),
    { maxItems: FILE_LISTING_MAX_ENTRIES },
  ),
  isTruncated: Type.Boolean(),
})

/** Agent → console: a browse was not answered with a listing. */
export const FileBrowseError = message('file-browse-error', {
  requestId: RequestId,
  problem: oneOf(Object.values(FileProblem)),
  detail: HumanText,
})

/** Agent → console: whether the customer allows browsing (after every handshake and on change). */
export const FileAccessState = message('file-access', {
  browse: oneOf(Object.values(FileAccess)),
})

/** Agent → console: the files the customer offers right now (after every handshake and on change). */
export const FileOffers = message('file-offers', {
  offers: Type.Array(
    Type.Object(
      { offerId: OfferId, name: PathText, size: ByteOffset },
      { additionalProperties: false },
    ),
    { maxItems: FILE_OFFERS_MAX },
  ),
})

/** Every file-transfer message the console sends. */
export const FileConsoleToAgent = [
  FileSend,
  FileFetch,
  FileAck,
  FileDone,
  FileCancel,
  FileResult,
  FileBrowse,
] as const

/** Every file-transfer message the agent sends. */
export const FileAgentToConsole = [
  FileAccept,
  FileMeta,
  FileAck,
  FileDone,
  FileCancel,
  FileResult,
  FileListing,
  FileBrowseError,
  FileAccessState,
  FileOffers,
] as const

/** A file listing's entry. */
export type FileListingEntry = Static<typeof FileListing>['entries'][number]
