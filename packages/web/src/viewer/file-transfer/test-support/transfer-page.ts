/** The browser test page for file transfer: a `ConsoleSession` on the socket named by `?ws=`. */
import { ConsoleSession, type ViewerState } from '../../session/index'
import { blobSource } from '../file-source'
import type { TransferTestApi } from './transfer-page-api'

const container = document.getElementById('screen')
const keys = document.getElementById('keys')
const url = new URLSearchParams(location.search).get('ws')
if (container === null || keys === null || url === null) throw new Error('test page is incomplete')

const states: ViewerState[] = []
const session = new ConsoleSession({
  url,
  container,
  keyboardTarget: keys,
  onState: (state) => states.push(state),
})
session.start()

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
