/**
 * A `TransferLink` for unit tests: records what a console would seal and send, in order,
 * and can be taken down like a dropped connection. Only for tests of the pure transfer logic.
 */
import type { ConsoleToAgent, FileChunk, MessageOf } from '@tasuke/protocol'

import type { TransferLink } from '../transfer-link'

export class TestLink implements TransferLink {
  readonly messages: ConsoleToAgent[] = []
  readonly chunks: FileChunk[] = []
  bufferedBytes = 0
  isUp = true

  send(message: ConsoleToAgent): Promise<boolean> {
    if (this.isUp) this.messages.push(message)
    return Promise.resolve(this.isUp)
  }

  sendChunk(chunk: FileChunk): Promise<boolean> {
    if (this.isUp) this.chunks.push({ ...chunk, data: chunk.data.slice() })
    return Promise.resolve(this.isUp)
  }

  /** The messages of one type, in the order sent. */
  sent<Type extends ConsoleToAgent['type']>(type: Type): MessageOf<ConsoleToAgent, Type>[] {
    return this.messages.filter(
      (message): message is MessageOf<ConsoleToAgent, Type> => message.type === type,
    )
  }

  /** Bytes of all chunks sent so far, joined in order. */
  bytesSent(transferId: number): number {
    return this.chunks
      .filter((chunk) => chunk.transferId === transferId)
      .reduce((total, chunk) => total + chunk.data.byteLength, 0)
  }
}

/** Lets every pending promise callback run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve()
  await new Promise((resolve) => setTimeout(resolve, 0))
}
