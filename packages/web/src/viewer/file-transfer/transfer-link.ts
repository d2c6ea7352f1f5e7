/** What file transfers need from the session's end-to-end channel, and nothing more. */
import type { ConsoleToAgent, FileChunk } from '@tasuke/protocol'

export interface TransferLink {
  /** Seals and sends a message; resolves false (nothing sent) while no keys are agreed. */
  send(message: ConsoleToAgent): Promise<boolean>
  /** Seals and sends a reliable `FileChunk` frame (SPEC.md T2); false when nothing was sent. */
  sendChunk(chunk: FileChunk): Promise<boolean>
  /** Bytes the socket holds but has not sent yet: chunks go only while this is small (T3). */
  readonly bufferedBytes: number
}
