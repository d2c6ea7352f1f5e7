/** File transfer between operator and customer, the console's side (SPEC.md T-rules). */
export { downloadTo } from './download'
export { PathProblem, pathProblem } from './file-path'
export {
  FileTransfers,
  isFileMessage,
  type FileMessage,
  type FileToSend,
  type FileTransfersOptions,
  type RefusedFile,
} from './file-transfers'
export type { FetchSource } from './incoming-transfer'
export { blobSource, type FileSource } from './file-source'
export { type HashingSource, hashingSource } from './hashing-source'
export { hashedBlobSource } from './worker-source'
export { Sha256 } from './sha256'
export type { TransferLink } from './transfer-link'
export {
  isFinished,
  type BrowseView,
  type FileTransferView,
  type OfferView,
  type TransferDirection,
  type TransferPhase,
  type TransferProblem,
  type TransferView,
} from './transfer-view'
