/**
 * The console's side of one support session: the relay socket, the end-to-end channel, the
 * display, the remote cursor and the operator's input, wired together (framework-free; the
 * page renders the `ViewerState` it reports). Every painted or skipped screen update is
 * acked (DESIGN.md lesson 1); a frame that fails to open or decode ends the session. The
 * customer's pause and view-only (SPEC.md P6) are reported at once and stop the input here too.
 */
import {
  type AgentToConsole,
  type ConsoleToAgent,
  type MessageOf,
  type ScreenQuality,
  type ScreenUpdate,
  type ServerToConsole,
  type SessionEndReason,
  type SystemInfo,
  formatVerificationCode,
  TYPE_TEXT_MAX_LENGTH,
} from '@tasuke/protocol'

import { ClipboardSync, FocusReader, PasteChord } from '../clipboard/index'
import { CursorOverlay } from '../cursor'
import { Display } from '../display'
import { FileTransfers, downloadTo, isFileMessage } from '../file-transfer/index'
import { KeyboardInput } from '../input/keyboard'
import { PointerInput } from '../input/pointer'
import type { ScaleMode } from '../scale'
import { decodeBase64Url } from './base64url'
import { type ChannelFailure, PeerChannel } from './peer-channel'
import { RelaySocket, type SocketFactory } from './relay-socket'
import {
  CUSTOMER_ALLOWS_ALL,
  type CustomerControls,
  type EndedBy,
  EndedBy as By,
  type ViewerState,
  endedByCloseCode,
  endedByReason,
} from './state'
import { StatsCounter, type ViewerStats } from './stats'

export const PING_MS = 2000
const STATS_MS = 1000
/** After the operator ends, the server closes the socket; this is how long we wait for it. */
const CLOSE_WAIT_MS = 3000

export interface ConsoleSessionOptions {
  /** `wss://<host>/ws/console?sessionId=…` */
  readonly url: string
  /** Where the display's canvas goes. */
  readonly container: HTMLElement
  /** The focusable element that takes the operator's keys (a hidden textarea, for the IME). */
  readonly keyboardTarget: HTMLElement
  readonly onState: (state: ViewerState) => void
  readonly onStats?: (stats: ViewerStats) => void
  /** The customer paused the screen, allowed viewing only, or took either back. */
  readonly onCustomerControls?: (controls: CustomerControls) => void
  /** The customer shows only chosen applications (SPEC.md P10), or everything again. */
  readonly onWindowRestriction?: (isOn: boolean) => void
  /** Whether the operator may restart the customer's computer (an installed agent, D5). */
  readonly onRestartSupport?: (isAvailable: boolean) => void
  readonly createSocket?: SocketFactory
}

/** What `tasuke:painted` events carry (the benchmark and tests listen for them). */
export interface PaintedDetail {
  readonly sequence: number
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly bytes: number
  readonly paintedAt: number
}

/** The customer's monitors and which one is shown (SPEC.md P8). */
export type ScreenList = MessageOf<AgentToConsole, 'screens'>

interface Pending {
  readonly sequence: number
  readonly generation: number
  readonly update: ScreenUpdate
  readonly bytes: number
}

export class ConsoleSession {
  readonly display: Display
  /** Clipboard text with the customer (SPEC.md P9). */
  readonly clipboard: ClipboardSync
  /** Files to and from the customer (SPEC.md T-rules). */
  readonly files: FileTransfers
  readonly #options: ConsoleSessionOptions
  readonly #socket: RelaySocket
  readonly #channel: PeerChannel
  readonly #cursor: CursorOverlay
  readonly #pointer: PointerInput
  readonly #keyboard: KeyboardInput
  readonly #clipboardOnFocus: FocusReader
  readonly #stats = new StatsCounter(() => performance.now())
  /** Updates handed to the display, in order; the display reports them in the same order. */
  readonly #pending: Pending[] = []
  #state: ViewerState = { phase: 'connecting', isReconnect: false }
  #quality: ScreenQuality = 'auto'
  #isOperatorViewOnly = false
  #customerControls: CustomerControls = CUSTOMER_ALLOWS_ALL
  #timers: ReturnType<typeof setInterval>[] = []
  readonly #systemInfoListeners = new Set<(info: SystemInfo) => void>()
  #screens: ScreenList | null = null
  /** The operator's monitor choice, told again to a resumed agent (it starts from `all`). */
  #chosenScreen = 'all'
  readonly #screenListeners = new Set<(screens: ScreenList) => void>()

  constructor(options: ConsoleSessionOptions) {
    this.#options = options
    this.display = new Display(options.container, {
      onPainted: (sequence) => {
        this.#settle(sequence, true)
      },
      onSkipped: (_error, sequence) => {
        this.#settle(sequence, false)
      },
    })
    this.#cursor = new CursorOverlay(this.display.canvas)
    const send = (message: ConsoleToAgent) => {
      void this.#channel.send(message)
    }
    this.#pointer = new PointerInput(this.display.canvas, {
      send,
      onPress: () => {
        options.keyboardTarget.focus({ preventScroll: true })
      },
    })
    this.clipboard = new ClipboardSync({
      send: (message) => {
        if (!this.#channel.isSecured) return false
        void this.#channel.send(message)
        return true
      },
      writeClipboard: (text) => navigator.clipboard.writeText(text),
      readClipboard: () => navigator.clipboard.readText(),
    })
    this.#clipboardOnFocus = new FocusReader({
      window: options.container.ownerDocument.defaultView ?? window,
      keyboardTarget: options.keyboardTarget,
      isActive: () => this.#channel.isSecured,
      onFocus: () => void this.clipboard.readOnFocus(),
    })
    const pasteChord = new PasteChord({
      isActive: () => this.#channel.isSecured && this.clipboard.state.isShared,
      sendText: (text) => {
        this.clipboard.sendText(text)
      },
    })
    this.#keyboard = new KeyboardInput(options.keyboardTarget, { send, pasteChord })
    const socket = () => this.#socket
    this.files = new FileTransfers({
      link: {
        send: (message) => this.#channel.send(message),
        sendChunk: (chunk) => this.#channel.sendChunk(chunk),
        get bufferedBytes() {
          return socket().bufferedAmount
        },
      },
      save: downloadTo(options.container.ownerDocument),
    })
    this.#channel = new PeerChannel(
      (bytes) => {
        this.#socket.sendFrame(bytes)
      },
      {
        onSecured: (code) => {
          this.#secured(code)
        },
        onMessage: (message) => {
          this.#handlePeerMessage(message)
        },
        onScreenUpdate: (update, sequence, bytes) => {
          this.#pending.push({ sequence, generation: this.#channel.generation, update, bytes })
          this.display.applyUpdate(update, sequence)
        },
        onFileChunk: (chunk) => {
          this.files.handleChunk(chunk)
        },
        onFailed: (failure) => {
          this.#failed(failure)
        },
      },
    )
    this.#socket = new RelaySocket(
      options.url,
      {
        onOpen: (isReconnect) => {
          if (isReconnect) this.#setState({ phase: 'connecting', isReconnect })
        },
        onMessage: (message) => {
          this.#handleServerMessage(message)
        },
        onFrame: (bytes) => {
          this.#channel.receive(bytes)
        },
        onBytes: (count) => {
          this.#stats.received(count)
        },
        onReconnecting: () => {
          this.#channel.suspend()
          this.files.handleLinkLost()
          this.#setState({ phase: 'connecting', isReconnect: true })
        },
        onClosed: (code) => {
          this.#end(endedByCloseCode(code), null, null)
        },
      },
      options.createSocket,
    )
  }

  get state(): ViewerState {
    return this.#state
  }

  /** Opens the socket and starts the ping and stats timers. */
  start(): void {
    this.#options.onState(this.#state)
    this.#socket.open()
    this.#timers.push(
      setInterval(() => {
        if (this.#channel.isSecured)
          void this.#channel.send({ type: 'ping', id: this.#stats.ping() })
      }, PING_MS),
      setInterval(() => {
        this.#options.onStats?.(this.#stats.snapshot(this.#pending.length))
      }, STATS_MS),
    )
  }

  /** What the customer allows, as the agent last said (all, until it says otherwise). */
  get customerControls(): CustomerControls {
    return this.#customerControls
  }

  /** The operator's own view-only switch; the customer's choice applies on top of it. */
  setViewOnly(isViewOnly: boolean): void {
    this.#isOperatorViewOnly = isViewOnly
    this.#applyViewOnly()
  }

  #applyViewOnly(): void {
    const { isPaused, isViewOnly } = this.#customerControls
    const isBlocked = this.#isOperatorViewOnly || isPaused || isViewOnly
    this.#pointer.setViewOnly(isBlocked)
    this.#keyboard.setViewOnly(isBlocked)
  }

  setScaleMode(mode: ScaleMode): void {
    this.display.setScaleMode(mode)
    this.#cursor.update()
  }

  setQuality(quality: ScreenQuality): void {
    this.#quality = quality
    void this.#channel.send({ type: 'set-quality', quality })
  }

  sendCtrlAltDel(): void {
    void this.#channel.send({ type: 'ctrl-alt-delete' })
  }

  refresh(): void {
    void this.#channel.send({ type: 'refresh' })
  }

  /**
   * Asks the installed agent to restart the customer's computer (SPEC.md D5): the session
   * shows `peer-away` with `isRestarting` and comes back after the reboot by itself.
   */
  restartComputer(): void {
    if (this.#channel.isSecured) void this.#channel.send({ type: 'restart-computer' })
  }

  /** Asks the agent for the customer's system information (SPEC.md P5); see `onSystemInfo`. */
  requestSystemInfo(): void {
    if (this.#channel.isSecured) void this.#channel.send({ type: 'system-info-request' })
  }

  /**
   * Sends `text` to be typed on the customer's machine (SPEC.md P7). Refused (false) while not
   * secured, view-only (the operator's or the customer's choice), paused, or for text that is
   * empty or longer than `TYPE_TEXT_MAX_LENGTH`.
   */
  typeText(text: string): boolean {
    const { isPaused, isViewOnly } = this.#customerControls
    const isBlocked = this.#isOperatorViewOnly || isPaused || isViewOnly
    const isValid = text.length > 0 && text.length <= TYPE_TEXT_MAX_LENGTH
    if (!this.#channel.isSecured || isBlocked || !isValid) return false
    void this.#channel.send({ type: 'type-text', text })
    return true
  }

  /** Calls `listener` with every `system-info` the agent sends; returns the unsubscribe. */
  onSystemInfo(listener: (info: SystemInfo) => void): () => void {
    this.#systemInfoListeners.add(listener)
    return () => {
      this.#systemInfoListeners.delete(listener)
    }
  }

  /** The customer's monitors and the one shown (SPEC.md P8), as the agent last said. */
  get screens(): ScreenList | null {
    return this.#screens
  }

  /** Asks the agent to show one monitor (an id from `screens`) or `all`. */
  selectScreen(screen: string): void {
    this.#chosenScreen = screen
    if (this.#channel.isSecured) void this.#channel.send({ type: 'select-screen', screen })
  }

  /** Calls `listener` with every `screens` the agent sends; returns the unsubscribe. */
  onScreens(listener: (screens: ScreenList) => void): () => void {
    this.#screenListeners.add(listener)
    return () => {
      this.#screenListeners.delete(listener)
    }
  }

  /** The operator ends the session: the agent hears it end to end, then the server. */
  async end(reason: 'operator-ended' | 'verification-mismatch' = 'operator-ended'): Promise<void> {
    if (this.#state.phase === 'ended') return
    await this.#channel.send({ type: 'end', reason }).catch(() => false)
    this.#socket.send({ type: 'end', reason })
    this.#end(reason === 'operator-ended' ? By.Operator : By.Error, reason, null)
  }

  /** Stops everything and closes the socket (which ends the session on the relay). */
  dispose(): void {
    this.#stop()
    this.#socket.close()
    this.#cursor.dispose()
    this.display.dispose()
  }

  #handleServerMessage(message: ServerToConsole): void {
    switch (message.type) {
      case 'session-state':
        if (message.state === 'waiting') this.#setState({ phase: 'waiting' })
        else if (message.state === 'connecting' && this.#state.phase !== 'active') {
          this.#setState({ phase: 'securing' })
        } else if (message.state === 'expired') this.#end(By.Expired, 'expired', null)
        else if (message.state === 'cancelled') this.#end(By.Operator, null, null)
        return
      case 'peer-joined':
        this.#channel.restart()
        this.files.handleLinkLost()
        this.#stats.resetLatency()
        this.#setState({ phase: 'securing' })
        return
      case 'peer-left':
        this.#channel.suspend()
        this.files.handleLinkLost()
        this.#stats.resetLatency()
        this.#setState({ phase: 'peer-away', isRestarting: message.reason === 'restarting' })
        return
      case 'session-ended':
        this.#end(endedByReason(message.reason), message.reason, null)
        return
      case 'error':
      case 'heartbeat':
        return
    }
  }

  #handlePeerMessage(message: AgentToConsole): void {
    if (isFileMessage(message)) {
      this.files.handleMessage(message)
      return
    }
    switch (message.type) {
      case 'screen-info':
        this.display.resize(message.width, message.height)
        this.#cursor.update()
        return
      case 'cursor-shape': {
        const rgba = decodeBase64Url(message.rgba)
        const hotspot = { x: message.hotspotX, y: message.hotspotY }
        if (rgba !== null) this.#cursor.setRgba(message.width, message.height, rgba, hotspot)
        return
      }
      case 'cursor-position':
        this.#cursor.setVisible(message.visible)
        this.#cursor.moveTo({ x: message.x, y: message.y })
        return
      case 'pong':
        this.#stats.pong(message.id)
        return
      case 'restart-support':
        this.#options.onRestartSupport?.(message.isAvailable)
        return
      case 'window-restriction':
        this.#options.onWindowRestriction?.(message.isOn)
        return
      case 'customer-controls':
        this.#customerControls = { isPaused: message.isPaused, isViewOnly: message.isViewOnly }
        this.#applyViewOnly()
        this.#options.onCustomerControls?.(this.#customerControls)
        return
      case 'end':
        this.#end(endedByReason(message.reason), message.reason, null)
        return
      case 'clipboard-text':
        this.clipboard.handleText(message.text)
        return
      case 'clipboard-sharing':
        this.clipboard.handleSharing(message.isOn)
        return
      case 'system-info':
        for (const listener of this.#systemInfoListeners) listener(message)
        return
      case 'screens':
        this.#screens = message
        for (const listener of this.#screenListeners) listener(message)
        return
    }
  }

  #secured(code: string): void {
    this.#options.container.dataset['verificationCode'] = code
    this.#setState({ phase: 'active', verificationCode: formatVerificationCode(code) })
    this.files.handleSecured()
    // A resumed agent starts from its defaults; tell it again what the operator chose.
    if (this.#quality !== 'auto')
      void this.#channel.send({ type: 'set-quality', quality: this.#quality })
    if (this.#chosenScreen !== 'all')
      void this.#channel.send({ type: 'select-screen', screen: this.#chosenScreen })
  }

  #failed(failure: ChannelFailure): void {
    const reason = failure.kind === 'handshake-failed' ? 'handshake-failed' : 'error'
    this.#socket.send({ type: 'end', reason })
    this.#end(By.Error, reason, failure.detail)
  }

  /** The display painted (or skipped) the oldest pending update: ack it (SPEC.md P2). */
  #settle(sequence: number, isPainted: boolean): void {
    const entry = this.#pending.shift()
    if (entry?.sequence !== sequence) return
    // Acks for frames of an earlier handshake would mean nothing to the agent's new counters.
    if (entry.generation === this.#channel.generation)
      void this.#channel.send({ type: 'ack', sequence })
    if (!isPainted) return
    this.#stats.painted()
    const { x, y, width, height } = entry.update
    const detail: PaintedDetail = {
      sequence,
      x,
      y,
      width,
      height,
      bytes: entry.bytes,
      paintedAt: performance.timeOrigin + performance.now(),
    }
    this.#options.container.ownerDocument.dispatchEvent(
      new CustomEvent('tasuke:painted', { detail }),
    )
  }

  #end(endedBy: EndedBy, reason: SessionEndReason | null, detail: string | null): void {
    if (this.#state.phase === 'ended') return
    this.#stop()
    this.files.handleSessionEnded()
    this.#setState({ phase: 'ended', endedBy, reason, detail })
    // The server closes the socket after `session-ended`; close it ourselves if it does not.
    const closing = setTimeout(() => {
      this.#socket.close()
    }, CLOSE_WAIT_MS)
    this.#timers.push(closing)
  }

  #stop(): void {
    for (const timer of this.#timers) clearInterval(timer)
    this.#timers = []
    this.#keyboard.dispose()
    this.#pointer.dispose()
    this.#clipboardOnFocus.dispose()
    this.#options.onStats?.(this.#stats.snapshot(0))
  }

  #setState(state: ViewerState): void {
    if (this.#state.phase === 'ended') return
    this.#state = state
    this.#options.onState(state)
  }
}
