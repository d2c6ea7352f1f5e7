/**
 * The files the customer picked in the agent's window for the operator to fetch (SPEC.md T8):
 * at most `FILE_OFFERS_MAX`, each with a random id; a fetch by id needs no other permission.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, isAbsolute, resolve } from 'node:path'

import { FILE_OFFERS_MAX, FILE_PATH_MAX_LENGTH, FileProblem } from '@tasuke/protocol'

import { fromFsError, TransferError } from './transfer-error.js'

export interface FileOffer {
  readonly offerId: string
  readonly name: string
  readonly size: number
  /** Where the file is; never sent to the console. */
  readonly path: string
}

export interface FileOffers {
  list(): readonly FileOffer[]
  find(offerId: string): FileOffer | undefined
  /** Offers a regular file; an already offered path is not added twice. Throws TransferError. */
  add(path: string): Promise<FileOffer>
  /** Whether an offer was removed. */
  remove(offerId: string): boolean
}

export function createFileOffers(onChange: () => void): FileOffers {
  const offers: FileOffer[] = []
  return {
    list: () => offers,
    find: (offerId) => offers.find((offer) => offer.offerId === offerId),
    async add(path) {
      if (path.length > FILE_PATH_MAX_LENGTH || path.includes('\0') || !isAbsolute(path)) {
        throw new TransferError(FileProblem.BadName, 'the path must be absolute')
      }
      const absolute = resolve(path)
      const stats = await stat(absolute).catch((error: unknown) => {
        throw fromFsError(error, 'offering the file')
      })
      if (!stats.isFile()) throw new TransferError(FileProblem.WrongKind, 'not a regular file')
      const known = offers.find((offer) => offer.path === absolute)
      if (known !== undefined) return known
      if (offers.length >= FILE_OFFERS_MAX) {
        throw new TransferError(FileProblem.Busy, `at most ${FILE_OFFERS_MAX} files can be offered`)
      }
      const offer = {
        offerId: randomBytes(12).toString('base64url'),
        name: basename(absolute),
        size: stats.size,
        path: absolute,
      }
      offers.push(offer)
      onChange()
      return offer
    },
    remove(offerId) {
      const index = offers.findIndex((offer) => offer.offerId === offerId)
      if (index < 0) return false
      offers.splice(index, 1)
      onChange()
      return true
    },
  }
}
