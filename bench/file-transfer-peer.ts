/**
 * The operator's side of a file transfer for the file-transfer bench, written with the
 * protocol package alone: joins a session as its console once the agent is there, runs the
 * console's end-to-end handshake, then seals messages and file chunks and opens what the
 * agent sends (screen updates are acknowledged and otherwise ignored).
 */
import {
  AgentToConsole,
  type ConsoleToAgent,
  encodeFileChunk,
  type FileChunk,
  FrameKind,
  parseMessage,
} from '@tasuke/protocol'

import { encodeJson, joinAsConsole } from '../e2e/support/console-join.js'

export interface FileConsole {
  send(message: ConsoleToAgent): Promise<void>
  sendChunk(chunk: FileChunk): Promise<void>
  /** Bytes the console's socket holds unsent. */
  bufferedAmount(): number
  /** Called for every message the agent sends. */
  onMessage(handler: (message: AgentToConsole) => void): void
  close(): void
}

export async function connectFileConsole(
  serverUrl: string,
  cookie: string,
  sessionId: string,
): Promise<FileConsole> {
  const joined = await joinAsConsole(serverUrl, cookie, sessionId)
  const { ws, sealer, opener } = joined
  const handlers: ((message: AgentToConsole) => void)[] = []
  const sealMessage = async (message: ConsoleToAgent) => {
    ws.send(await sealer.seal(FrameKind.Message, encodeJson(message)))
  }
  // Frames are opened one after another, in arrival order.
  let opening: Promise<void> = Promise.resolve()
  joined.takeFrames((frame) => {
    opening = opening.then(async () => {
      const opened = await opener.open(frame)
      if (opened.kind === FrameKind.ScreenUpdate) {
        await sealMessage({ type: 'ack', sequence: opened.sequence })
        return
      }
      if (opened.kind !== FrameKind.Message) return
      const parsed = parseMessage(AgentToConsole, opened.plaintext)
      if (parsed.ok) for (const handler of handlers) handler(parsed.message)
    })
  })

  return {
    send: sealMessage,
    async sendChunk(chunk) {
      ws.send(await sealer.seal(FrameKind.FileChunk, encodeFileChunk(chunk)))
    },
    bufferedAmount: () => ws.bufferedAmount,
    onMessage: (handler) => {
      handlers.push(handler)
    },
    close: () => {
      ws.terminate()
    },
  }
}
