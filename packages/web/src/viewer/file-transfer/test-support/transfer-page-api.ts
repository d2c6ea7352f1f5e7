/** What the file-transfer test page exposes to the browser test as `window.transferTest`. */
import type { FileTransferView } from '../transfer-view'

export interface TransferTestApi {
  phase(): string
  view(): FileTransferView
  /** Makes `size` random bytes in the page, sends them as `path`; resolves with their SHA-256. */
  sendRandom(path: string, size: number): Promise<string>
  /** Fetches a file the customer offers; returns the transfer id. */
  fetchOffer(offerId: string, name: string): number
  cancel(id: number): void
}

declare global {
  interface Window {
    transferTest: TransferTestApi
  }
}
