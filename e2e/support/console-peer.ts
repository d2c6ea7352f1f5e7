/**
 * The operator's side of a session written with the protocol package alone, for tests that
 * must send what the console page never would (a hostile file name, say) to the real agent:
 * it joins with the admin's cookie, runs the console's end-to-end handshake, seals messages
 * and opens what the agent sends. It replaces any console page open on the same session.
 */
import { AgentToConsole, type ConsoleToAgent, FrameKind, parseMessage } from '@tasuke/protocol'

import type { AdminApi } from './company.js'
import { encodeJson, joinAsConsole } from './console-join.js'

export interface ConsolePeer {
  /** The six digits both sides show once the handshake is done. */
  readonly verificationCode: string
  send(message: ConsoleToAgent): Promise<void>
  /** Waits for a sealed message from the agent that `accept` takes (others are dropped). */
  nextSealed<T extends AgentToConsole>(
    accept: (message: AgentToConsole) => message is T,
  ): Promise<T>
  close(): void
}

/** Joins `sessionId` as its console, once the agent is there and agreed keys with us. */
export async function connectConsolePeer(
  serverUrl: string,
  admin: AdminApi,
  sessionId: string,
): Promise<ConsolePeer> {
  const joined = await joinAsConsole(serverUrl, admin.headers['cookie'] ?? '', sessionId)
  const { ws, sealer, opener } = joined
  return {
    verificationCode: joined.verificationCode,
    send: async (message) => {
      ws.send(await sealer.seal(FrameKind.Message, encodeJson(message)))
    },
    nextSealed: async (accept) => {
      for (;;) {
        const opened = await opener.open(await joined.nextFrame())
        if (opened.kind !== FrameKind.Message) continue
        const parsed = parseMessage(AgentToConsole, opened.plaintext)
        if (parsed.ok && accept(parsed.message)) return parsed.message
      }
    },
    close: () => {
      ws.terminate()
    },
  }
}
