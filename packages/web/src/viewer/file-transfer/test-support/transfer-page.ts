/** The browser test page for file transfer: a `ConsoleSession` on the socket named by `?ws=`. */
import { startPageSession } from '../../test-support/page-session'
import { blobSource } from '../file-source'
import type { TransferTestApi } from './transfer-page-api'

const { session, states } = startPageSession()

const RANDOM_PIECE_BYTES = 65_536

const api: TransferTestApi = {
  phase: () => states.at(-1)?.phase ?? 'none',
  view: () => session.files.view,
  sendRandom: async (path, size) => {
    const bytes = new Uint8Array(size)
    for (let at = 0; at < size; at += RANDOM_PIECE_BYTES) {
      crypto.getRandomValues(bytes.subarray(at, at + RANDOM_PIECE_BYTES))
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
    session.files.send([{ path, source: blobSource(new Blob([bytes])) }])
    return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('')
  },
  fetchOffer: (offerId, name) => session.files.fetch({ offerId }, name),
  cancel: (id) => {
    session.files.cancel(id)
  },
}
window.transferTest = api
