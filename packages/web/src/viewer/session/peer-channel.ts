/**
 * The console's side of the end-to-end channel (SPEC.md H- and C-rules): plaintext
 * `Handshake` frames until the keys are agreed, then only sealed frames, one cipher per
 * direction. DOM-free and socket-free: bytes in through `receive`, bytes out through the
 * `sendBytes` it is given, typed events out. A frame that fails to open or decode is a
 * failure of the whole channel; there is no plaintext mode.
 */
import {
  AgentToConsole,
  CipherError,
  type ConsoleHandshake,
  type ConsoleToAgent,
  type FileChunk,
  FrameDecodeError,
  FrameKind,
  HandshakeError,
  type Opener,
  PeerHandshake,
  type ScreenUpdate,
  type Sealer,
  createOpener,
  createSealer,
  decodeFileChunk,
  decodeFrame,
  decodeScreenUpdate,
  encodeFileChunk,
  encodeFrame,
  parseMessage,
  startConsoleHandshake,
} from '@tasuke/protocol'

/** What the channel reports. */
export interface PeerChannelEvents {
  /** Keys agreed: `verificationCode` is the six digits both people compare. */
  onSecured(verificationCode: string): void
  onMessage(message: AgentToConsole): void
  /** A screen update and the sequence of the frame that carried it (for its `ack`). */
  onScreenUpdate(update: ScreenUpdate, sequence: number, frameBytes: number): void
  /** A piece of a file the agent sends (SPEC.md T2, F11). */
  onFileChunk?(chunk: FileChunk): void
  /** The channel is unusable; the session must end. */
  onFailed(failure: ChannelFailure): void
}

/** Why the channel failed: the handshake, or a frame that did not open or decode. */
export interface ChannelFailure {
  readonly kind: 'handshake-failed' | 'bad-frame'
  readonly detail: string
}

type Phase =
  | { readonly name: 'idle' }
  | { readonly name: 'awaiting-commit'; readonly handshake: Promise<ConsoleHandshake> }
  | { readonly name: 'awaiting-hello'; readonly handshake: ConsoleHandshake }
  | { readonly name: 'secured'; readonly sealer: Sealer; readonly opener: Opener }
  | { readonly name: 'failed' }

const encoder = new TextEncoder()

export class PeerChannel {
  readonly #sendBytes: (bytes: Uint8Array) => void
  readonly #events: PeerChannelEvents
  #phase: Phase = { name: 'idle' }
  /** Counts handshakes: work started under an older one is dropped when it completes. */
  #generation = 0
  #tail: Promise<void> = Promise.resolve()

  constructor(sendBytes: (bytes: Uint8Array) => void, events: PeerChannelEvents) {
    this.#sendBytes = sendBytes
    this.#events = events
  }

  get isSecured(): boolean {
    return this.#phase.name === 'secured'
  }

  get generation(): number {
    return this.#generation
  }

  /** The agent (re)joined: forget the old keys and wait for a fresh commitment. */
  restart(): void {
    if (this.#phase.name === 'failed') return
    this.#generation += 1
    this.#begin()
  }

  /** The agent left: nothing can be sealed or opened until the next handshake. */
  suspend(): void {
    if (this.#phase.name === 'failed') return
    this.#generation += 1
    this.#phase = { name: 'idle' }
  }

  /** Handles one binary frame from the socket; frames are handled one at a time, in order. */
  receive(bytes: Uint8Array): void {
    const generation = this.#generation
    this.#tail = this.#tail.then(() => this.#handle(bytes, generation))
  }

  /**
   * Seals and sends a message to the agent. Resolves false (nothing sent) while no keys are
   * agreed, or if a new handshake started before the message was sealed.
   */
  async send(message: ConsoleToAgent, options: { isDroppable?: boolean } = {}): Promise<boolean> {
    const phase = this.#phase
    if (phase.name !== 'secured') return false
    const generation = this.#generation
    const plaintext = encoder.encode(JSON.stringify(message))
    const frame = await phase.sealer.seal(FrameKind.Message, plaintext, options)
    if (generation !== this.#generation) return false
    this.#sendBytes(frame)
    return true
  }

  /**
   * Seals and sends a piece of a file in a reliable `FileChunk` frame (SPEC.md T2). Resolves
   * false (nothing sent) like `send`.
   */
  async sendChunk(chunk: FileChunk): Promise<boolean> {
    const phase = this.#phase
    if (phase.name !== 'secured') return false
    const generation = this.#generation
    const frame = await phase.sealer.seal(FrameKind.FileChunk, encodeFileChunk(chunk))
    if (generation !== this.#generation) return false
    this.#sendBytes(frame)
    return true
  }

  #begin(): void {
    const handshake = startConsoleHandshake()
    handshake.catch(() => undefined)
    this.#phase = { name: 'awaiting-commit', handshake }
  }

  async #handle(bytes: Uint8Array, generation: number): Promise<void> {
    if (this.#phase.name === 'failed' || generation !== this.#generation) return
    try {
      await this.#handleFrame(bytes)
    } catch (error) {
      this.#fail(error)
    }
  }

  async #handleFrame(bytes: Uint8Array): Promise<void> {
    const phase = this.#phase
    const frame = decodeFrame(bytes)
    if (frame.header.kind === FrameKind.Handshake) {
      await this.#handleHandshake(frame.payload)
      return
    }
    if (phase.name !== 'secured') {
      throw new HandshakeError('unexpected-message', 'a sealed frame came before the handshake')
    }
    const opened = await phase.opener.open(bytes)
    if (opened.kind === FrameKind.ScreenUpdate) {
      this.#events.onScreenUpdate(
        decodeScreenUpdate(opened.plaintext),
        opened.sequence,
        bytes.byteLength,
      )
      return
    }
    if (opened.kind === FrameKind.FileChunk) {
      this.#events.onFileChunk?.(decodeFileChunk(opened.plaintext))
      return
    }
    const parsed = parseMessage(AgentToConsole, opened.plaintext)
    if (!parsed.ok) throw new Error(`sealed message: ${parsed.error.message}`)
    this.#events.onMessage(parsed.message)
  }

  async #handleHandshake(payload: Uint8Array): Promise<void> {
    const parsed = parseMessage(PeerHandshake, payload)
    if (!parsed.ok) throw new HandshakeError('unexpected-message', parsed.error.message)
    const message = parsed.message
    const generation = this.#generation
    if (message.type === 'handshake-commit') {
      // A commitment with no `peer-joined` before it still starts a handshake.
      if (this.#phase.name === 'idle') this.#begin()
      const phase = this.#phase
      if (phase.name !== 'awaiting-commit') {
        throw new HandshakeError('unexpected-message', 'a second commitment in one handshake')
      }
      const handshake = await phase.handshake
      const hello = handshake.handleAgentCommit(message)
      if (generation !== this.#generation) return
      this.#phase = { name: 'awaiting-hello', handshake }
      this.#sendBytes(
        encodeFrame({
          kind: FrameKind.Handshake,
          sequence: 0,
          payload: encoder.encode(JSON.stringify(hello)),
        }),
      )
      return
    }
    const phase = this.#phase
    if (phase.name !== 'awaiting-hello') {
      throw new HandshakeError('unexpected-message', 'an agent hello before its commitment')
    }
    const result = await phase.handshake.handleAgentHello(message)
    if (generation !== this.#generation) return
    this.#phase = {
      name: 'secured',
      sealer: createSealer(result.sendKey),
      opener: createOpener(result.receiveKey),
    }
    this.#events.onSecured(result.verificationCode)
  }

  #fail(error: unknown): void {
    this.#phase = { name: 'failed' }
    this.#generation += 1
    const detail = error instanceof Error ? error.message : String(error)
    const kind = error instanceof HandshakeError ? 'handshake-failed' : 'bad-frame'
    this.#events.onFailed({ kind, detail: reasonOf(error, detail) })
  }
}

function reasonOf(error: unknown, detail: string): string {
  if (error instanceof CipherError || error instanceof HandshakeError) {
    return `${error.reason}: ${detail}`
  }
  if (error instanceof FrameDecodeError) return `${error.reason}: ${detail}`
  return detail
}
