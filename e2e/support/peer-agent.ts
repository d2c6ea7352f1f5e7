/**
 * The customer's side of a session written with the protocol package alone, for tests of the
 * operator's viewer against the real relay: it says hello with a redeemed token, consents,
 * runs the agent's end-to-end handshake and seals screen updates and messages.
 */
import {
  type AgentToConsole,
  type AgentToServer,
  ConsoleToAgent,
  FrameKind,
  type Opener,
  PROTOCOL_VERSION,
  PeerHandshake,
  type ScreenUpdate,
  type Sealer,
  ServerToAgent,
  createOpener,
  createSealer,
  decodeFrame,
  encodeFrame,
  encodeScreenUpdate,
  parseMessage,
  startAgentHandshake,
} from '@tasuke/protocol'
import WebSocket from 'ws'

const WAIT_MS = 30_000
const encoder = new TextEncoder()

export interface PeerAgent {
  /** Waits for a control message of this type from the server. */
  next(type: ServerToAgent['type']): Promise<ServerToAgent>
  /** The customer clicked 承諾 (what the real agent sends from its consent window). */
  consent(): void
  /** Runs the agent's side of the handshake; resolves with the verification code. */
  handshake(): Promise<string>
  send(message: AgentToConsole): Promise<void>
  sendUpdate(update: ScreenUpdate): Promise<void>
  /** Waits for a sealed message of this type from the console (others are dropped). */
  nextSealed(type: ConsoleToAgent['type']): Promise<ConsoleToAgent>
  close(): void
}

export async function connectPeerAgent(serverUrl: string, agentToken: string): Promise<PeerAgent> {
  const ws = new WebSocket(`${serverUrl.replace('https:', 'wss:')}/ws/agent`, {
    rejectUnauthorized: false,
  })
  const texts: ServerToAgent[] = []
  const frames: Uint8Array[] = []
  let wake: () => void = () => undefined
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) frames.push(new Uint8Array(data))
    else {
      const parsed = parseMessage(ServerToAgent, data.toString('utf8'))
      if (parsed.ok) texts.push(parsed.message)
    }
    wake()
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve()
    })
    ws.once('error', reject)
  })
  const sendControl = (message: AgentToServer) => {
    ws.send(JSON.stringify(message))
  }
  const waitFor = async <T>(take: () => T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + WAIT_MS
    for (;;) {
      const found = take()
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`no ${what} within ${WAIT_MS} ms`)
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 100)
      })
    }
  }
  let keys: { sealer: Sealer; opener: Opener } | null = null
  const ready = () => {
    if (keys === null) throw new Error('no handshake yet')
    return keys
  }

  sendControl({
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    agentToken,
    os: { platform: 'linux', release: '6.1.0', arch: 'x64' },
  })
  return {
    next: (type) =>
      waitFor(() => {
        const index = texts.findIndex((message) => message.type === type)
        return index < 0 ? undefined : texts.splice(index, 1)[0]
      }, type),
    consent: () => {
      sendControl({ type: 'consent-granted' })
    },
    handshake: async () => {
      const handshake = await startAgentHandshake()
      ws.send(handshakeFrame(handshake.commit))
      const frame = await waitFor(() => frames.shift(), 'console hello')
      const parsed = parseMessage(PeerHandshake, decodeFrame(frame).payload)
      if (!parsed.ok || parsed.message.type !== 'handshake-hello') {
        throw new Error('expected the console hello')
      }
      const { reveal, result } = await handshake.handleConsoleHello(parsed.message)
      keys = { sealer: createSealer(result.sendKey), opener: createOpener(result.receiveKey) }
      ws.send(handshakeFrame(reveal))
      return result.verificationCode
    },
    send: async (message) => {
      ws.send(await ready().sealer.seal(FrameKind.Message, encoder.encode(JSON.stringify(message))))
    },
    sendUpdate: async (update) => {
      ws.send(await ready().sealer.seal(FrameKind.ScreenUpdate, encodeScreenUpdate(update)))
    },
    nextSealed: async (type) => {
      for (;;) {
        const frame = await waitFor(() => frames.shift(), `sealed ${type}`)
        const opened = await ready().opener.open(frame)
        const parsed = parseMessage(ConsoleToAgent, opened.plaintext)
        if (parsed.ok && parsed.message.type === type) return parsed.message
      }
    },
    close: () => {
      ws.close()
    },
  }
}

function handshakeFrame(message: PeerHandshake): Uint8Array {
  return encodeFrame({
    kind: FrameKind.Handshake,
    sequence: 0,
    payload: encoder.encode(JSON.stringify(message)),
  })
}
