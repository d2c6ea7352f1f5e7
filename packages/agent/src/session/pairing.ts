/**
 * One end-to-end pairing with the operator's console, from `peer-joined` to its end: the
 * handshake, then the screen stream out and the console's sealed messages in. A new pairing
 * (new keys, new counters, a new stream) follows every `peer-joined` (SPEC.md P3). The
 * customer's pause and view-only (SPEC.md P6) are told to the console after the handshake and
 * on every change; a pause stops the stream, a resume starts a new one (the whole screen).
 */
import {
  type AgentToConsole,
  formatVerificationCode,
  type ScreenQuality,
  type SessionEndReason,
} from '@tasuke/protocol'

import type { SessionClipboard } from '../clipboard/index.js'
import type { SharingControls } from '../consent-ui/index.js'
import type { ScreenStream, ScreenStreamSink } from '../screen/screen-stream.js'
import type { TransferManager, TransferPort } from '../file-transfer/transfer-manager.js'
import { createSystemInfoSource } from '../system-info/index.js'
import { HandshakeFailedError, runAgentHandshake } from './agent-handshake.js'
import type { InputMessage, InputPlayer } from './input-player.js'
import {
  createPeerChannel,
  type PeerArrival,
  type PeerChannel,
  PeerFrameError,
} from './peer-channel.js'
import { createScreenSelection } from './screen-selection.js'

/**
 * Makes the screen stream of one pairing; `main.ts` passes the real one. `onError`: the
 * stream stopped by itself (the display went away, capture failed).
 */
export type ScreenStreamFactory = (
  sink: ScreenStreamSink,
  onError: (error: Error) => void,
  screen: string,
) => ScreenStream | Promise<ScreenStream>

/** Why a pairing failed; it is also the `end` reason both sides are told. */
export type PairingFailure = 'handshake-failed' | 'error'

export interface PairingLink {
  sendFrame(frame: Uint8Array): void
  bufferedAmount(): number
}

export interface PairingEvents {
  /** The handshake completed: the six digits, formatted for people (`123 456`). */
  onVerified(verificationCode: string): void
  /** The first screen update left. */
  onViewing(): void
  /** Input from the operator arrived (called for each; the owner throttles). */
  onControlling(): void
  /** The operator asked for the system information (SPEC.md P5); it is being answered. */
  onReadingSystemInfo(): void
  /** The operator asks to restart the computer (only when `canRestart`, not while view-only). */
  onRestartRequested?(): void
  /** The console ended the session inside the sealed channel. */
  onPeerEnd(reason: SessionEndReason): void
  onFailed(reason: PairingFailure, detail: string): void
}

/** What a pairing needs to know of the window restriction: only whether it is on (P10). */
export interface RestrictionStatus {
  readonly isOn: boolean
  onChange(listener: () => void): () => void
}

export interface PairingDeps {
  readonly link: PairingLink
  readonly createScreenStream: ScreenStreamFactory
  readonly input: InputPlayer | null
  /** What the customer allows as the pairing starts. */
  readonly controls: SharingControls
  /** The customer's clipboard (SPEC.md P9); absent: clipboard text is dropped both ways. */
  readonly clipboard?: Pick<SessionClipboard, 'write' | 'onText'>
  readonly log: (line: string) => void
  /** The session's file transfers (SPEC.md T-rules); they outlive this pairing. */
  readonly files?: TransferManager
  /** Whether the customer shows only chosen applications (SPEC.md P10); told to the console. */
  readonly windowRestriction?: RestrictionStatus
  /** An installed agent, which comes back after a reboot: the operator may restart (D5). */
  readonly canRestart?: boolean
}

export interface Pairing {
  /** A frame from the console, in arrival order. */
  handleFrame(frame: Uint8Array): void
  /** The customer paused, resumed, or changed view-only: applied and told to the console. */
  setControls(controls: SharingControls): void
  /**
   * Stops the stream at once: nothing new is sealed or applied afterwards, except `sendEnd`.
   * Frames already numbered still leave, so the console can open the `end` that follows.
   */
  stop(): Promise<void>
  /** Stops, and drops what was not sent yet: the console it was for is gone. */
  discard(): Promise<void>
  /** Seals the peer `end` (when the handshake got that far); resolves once it is on the link. */
  sendEnd(reason: SessionEndReason): Promise<void>
}

export function startPairing(deps: PairingDeps, events: PairingEvents): Pairing {
  const { link, log } = deps
  let isStopped = false
  let canSend = true
  // Read through a call where an `await` lies between checks (narrowing would keep the old value).
  const hasStopped = () => isStopped
  let channel: PeerChannel | null = null
  let stream: ScreenStream | null = null
  let hasSentUpdate = false
  // At most one collection per 2 s for this pairing; requests in between get the same answer.
  const systemInfo = createSystemInfoSource()
  let controls = deps.controls
  // The monitor shown (SPEC.md P8); its input player maps view positions onto the desktop.
  const selection = createScreenSelection(deps.input)
  // The operator's last quality choice, for a stream started again after a pause.
  let quality: ScreenQuality | null = null
  // Each stream gets its own sink; a pause bumps this, so the old one can send nothing more.
  let streamGeneration = 0
  let streamStopping: Promise<void> = Promise.resolve()
  // Frames are opened and dispatched strictly one after another, in arrival order.
  let incoming: Promise<void> = Promise.resolve()

  const fail = (reason: PairingFailure, detail: string) => {
    if (isStopped) return
    events.onFailed(reason, detail)
  }

  const sinkFor = (generation: number): ScreenStreamSink => {
    const openChannel = () => (isStopped || generation !== streamGeneration ? null : channel)
    return {
      sendUpdate(update, isDroppable) {
        const current = openChannel()
        if (current === null) return 0
        if (!hasSentUpdate) {
          hasSentUpdate = true
          events.onViewing()
        }
        return current.sendUpdate(update, isDroppable)
      },
      sendMessage(message, isDroppable) {
        const current = openChannel()
        if (current === null) return
        if (message.type === 'screen-info') selection.input?.setScreenSize(message)
        if (message.type === 'screens') selection.handleScreenList(message)
        void current.sendMessage(message, isDroppable)
      },
      bufferedBytes: () => link.bufferedAmount(),
    }
  }

  const handshake = runAgentHandshake((frame) => {
    if (!isStopped) link.sendFrame(frame)
  })
  let filePort: TransferPort | null = null
  // The restriction's state as the console last heard it (P10): told after the handshake, on change.
  let toldRestriction: boolean | null = null
  const tellWindowRestriction = () => {
    const restriction = deps.windowRestriction
    if (restriction === undefined || channel === null) return
    if (restriction.isOn === toldRestriction) return
    toldRestriction = restriction.isOn
    sendSealed({ type: 'window-restriction', isOn: restriction.isOn })
  }
  const stopRestriction =
    deps.windowRestriction?.onChange(tellWindowRestriction) ?? (() => undefined)
  // Text the customer copies goes to this pairing's console once the channel is open.
  let stopClipboard: () => void = () => undefined
  const stop = () => {
    if (isStopped) return Promise.resolve()
    isStopped = true
    stopClipboard()
    stopRestriction()
    if (filePort !== null) deps.files?.detach(filePort)
    return stream?.stop() ?? Promise.resolve()
  }
  handshake.result.then(
    (keys) => {
      if (isStopped) return
      channel = createPeerChannel({
        keys,
        sendFrame: (frame) => {
          if (canSend) link.sendFrame(frame)
        },
        onSealFailed: (error) => {
          fail('error', `a frame could not be sealed: ${error.message}`)
        },
      })
      events.onVerified(formatVerificationCode(keys.verificationCode))
      sendSealed({ type: 'customer-controls', ...customerControls(controls) })
      sendSealed({ type: 'clipboard-sharing', isOn: controls.isClipboardShared })
      sendSealed({ type: 'restart-support', isAvailable: deps.canRestart === true })
      tellWindowRestriction()
      stopClipboard =
        deps.clipboard?.onText((text) => {
          // While off the clipboard is closed; this guards the moment the switch flips.
          if (controls.isClipboardShared) sendSealed({ type: 'clipboard-text', text })
        }) ?? stopClipboard
      const opened = channel
      filePort = {
        sendMessage: sendSealed,
        sendChunk: (chunk) => (isStopped ? Promise.resolve() : opened.sendChunk(chunk)),
        bufferedAmount: () => link.bufferedAmount(),
      }
      deps.files?.attach(filePort)
      for (const frame of handshake.takeRest()) openLater(frame)
      if (!controls.isPaused) void startStream()
    },
    (error: unknown) => {
      fail('handshake-failed', describe(error))
    },
  )

  const startStream = async () => {
    streamGeneration += 1
    const generation = streamGeneration
    const isCurrent = () => !isStopped && generation === streamGeneration
    try {
      // A stream stopped by a pause lets go of the capture before the next one takes it.
      await streamStopping
      const created = await deps.createScreenStream(
        sinkFor(generation),
        (error) => {
          if (isCurrent()) fail('error', `the screen stream stopped: ${error.message}`)
        },
        selection.selected,
      )
      if (!isCurrent()) {
        await created.stop()
        return
      }
      stream = created
      if (quality !== null) created.setQuality(quality)
      await created.start()
    } catch (error) {
      if (isCurrent()) fail('error', `the screen stream failed: ${describe(error)}`)
    }
  }

  /** Paused: nothing of the screen leaves from now on, not even what is being made. */
  const pauseStream = () => {
    streamGeneration += 1
    const paused = stream
    stream = null
    streamStopping = paused?.stop().catch(() => undefined) ?? streamStopping
  }

  const setControls = (next: SharingControls) => {
    if (isStopped) return
    const previous = controls
    controls = next
    if (blocksInput(next) && !blocksInput(previous)) void selection.input?.releaseAll()
    if (channel === null) return // told once the handshake completes
    if (next.isPaused && !previous.isPaused) pauseStream()
    sendSealed({ type: 'customer-controls', ...customerControls(next) })
    if (next.isClipboardShared !== previous.isClipboardShared) {
      sendSealed({ type: 'clipboard-sharing', isOn: next.isClipboardShared })
    }
    if (previous.isPaused && !next.isPaused) void startStream()
  }

  const dispatch = (message: PeerArrival) => {
    switch (message.type) {
      case 'pointer-event':
      case 'wheel-event':
      case 'key-event':
      case 'ctrl-alt-delete':
      case 'type-text':
        // Paused or view-only: the operator's input never reaches the input backend (P6).
        if (blocksInput(controls)) return
        playInput(message)
        events.onControlling()
        return
      case 'select-screen':
        // A new stream shows the new view, the whole picture first; paused: the next one does.
        if (selection.select(message.screen) && !controls.isPaused) {
          pauseStream()
          void startStream()
        }
        return
      case 'ack':
        stream?.acknowledge(message.sequence)
        return
      case 'ping':
        sendSealed({ type: 'pong', id: message.id })
        return
      case 'set-quality':
        quality = message.quality
        stream?.setQuality(message.quality)
        return
      case 'refresh':
        stream?.refresh()
        return
      case 'restart-computer':
        // Restarting is control: refused while paused or view-only, and by an agent that
        // would not come back after the reboot (a one-time session).
        if (deps.canRestart !== true || blocksInput(controls)) {
          log('a restart request from the console was refused')
          return
        }
        events.onRestartRequested?.()
        return
      case 'system-info-request':
        events.onReadingSystemInfo()
        void systemInfo().then(sendSealed)
        return
      case 'clipboard-text':
        // Not shared: the customer's clipboard is left alone (P9).
        if (!controls.isClipboardShared || deps.clipboard === undefined) {
          log(`clipboard text from the console dropped (${message.text.length} characters)`)
          return
        }
        awaitClipboard(deps.clipboard.write(message.text))
        return
      case 'end':
        events.onPeerEnd(message.reason)
        return
      case 'file-send':
      case 'file-fetch':
      case 'file-ack':
      case 'file-done':
      case 'file-cancel':
      case 'file-result':
      case 'file-browse':
        deps.files?.handleMessage(message)
        return
      case 'file-chunk':
        deps.files?.handleChunk(message.chunk)
        return
    }
  }

  // Input after a clipboard text waits until it is on the clipboard: the Ctrl+V that follows
  // must paste the operator's text, not what was there before (P9).
  let clipboardWrite: Promise<void> | null = null
  const awaitClipboard = (write: Promise<void>) => {
    const previous = clipboardWrite ?? Promise.resolve()
    chainInput(previous.then(() => write))
  }
  const chainInput = (next: Promise<void>) => {
    clipboardWrite = next
    void next.finally(() => {
      if (clipboardWrite === next) clipboardWrite = null
    })
  }
  const playInput = (message: InputMessage) => {
    if (clipboardWrite === null) {
      selection.input?.play(message)
      return
    }
    chainInput(
      clipboardWrite.then(() => {
        if (!isStopped && !blocksInput(controls)) selection.input?.play(message)
      }),
    )
  }

  const sendSealed = (message: AgentToConsole) => {
    if (!isStopped) void channel?.sendMessage(message, false)
  }

  const openLater = (frame: Uint8Array) => {
    incoming = incoming.then(async () => {
      const current = channel
      if (isStopped || current === null) return
      try {
        const message = await current.open(frame)
        if (hasStopped()) return
        if (message === null) log('an authentic console message of an unknown kind was ignored')
        else dispatch(message)
      } catch (error) {
        if (!(error instanceof PeerFrameError)) throw error
        fail('error', error.message)
      }
    })
    incoming = incoming.catch((error: unknown) => {
      fail('error', describe(error))
    })
  }

  return {
    handleFrame(frame) {
      if (isStopped) return
      if (channel === null) handshake.handleFrame(frame)
      else openLater(frame)
    },
    setControls,
    stop,
    discard() {
      canSend = false
      return stop()
    },
    async sendEnd(reason) {
      // Sent after `stop()` too: the console should learn the end from us, not only the relay.
      if (canSend) await channel?.sendMessage({ type: 'end', reason }, false)
    },
  }
}

/** The part of the customer's choices that `customer-controls` carries (P6). */
function customerControls(controls: SharingControls) {
  return { isPaused: controls.isPaused, isViewOnly: controls.isViewOnly }
}

function blocksInput(controls: SharingControls): boolean {
  return controls.isPaused || controls.isViewOnly
}

function describe(error: unknown): string {
  if (error instanceof HandshakeFailedError || error instanceof PeerFrameError) return error.message
  return error instanceof Error ? error.message : String(error)
}
