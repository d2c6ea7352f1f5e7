/**
 * A transfer or browse that cannot go on, with the wire's reason (`FileProblem`) and a plain
 * English detail for the operator.
 * @module
 */
import { FileProblem } from '@tasuke/protocol'

/** The most characters of a `detail` on the wire (HumanText). */
const DETAIL_MAX_LENGTH = 500

export class TransferError extends Error {
  override readonly name = 'TransferError'
  constructor(
    readonly problem: FileProblem,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(clampDetail(detail), options)
  }
}

/** Shortens a detail to what the wire carries. */
export function clampDetail(detail: string): string {
  return detail.length <= DETAIL_MAX_LENGTH ? detail : `${detail.slice(0, DETAIL_MAX_LENGTH - 1)}…`
}

/** Turns a file-system error into a `TransferError` saying what was being done. */
export function fromFsError(error: unknown, doing: string): TransferError {
  if (error instanceof TransferError) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new TransferError(FileProblem.NotFound, `${doing}: no such file or folder`)
    case 'ENOSPC':
    case 'EDQUOT':
      return new TransferError(FileProblem.NoSpace, `${doing}: the disk is full`)
    case 'EFBIG':
      return new TransferError(FileProblem.TooLarge, `${doing}: the file is too large`)
    case 'ENAMETOOLONG':
      return new TransferError(FileProblem.BadName, `${doing}: the name is too long to save`)
    case 'EACCES':
    case 'EPERM':
      return new TransferError(FileProblem.IoError, `${doing}: permission denied`)
    case undefined:
    default:
      return new TransferError(FileProblem.IoError, `${doing}: ${message}`, { cause: error })
  }
}
