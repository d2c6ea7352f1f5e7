/**
 * One attended support session from the customer's side, after the number was redeemed:
 * the relay says who is asking, the local window asks the customer, and only a click on
 * 承諾/Accept there tells the server the customer agreed. Then each `peer-joined` starts an
 * end-to-end pairing (handshake, screen out, input in); a dropped link comes back within the
 * grace period without a new consent. The customer may pause the screen or allow viewing only
 * at any time (kept across pairings). キャンセル/End session, the operator, a failed check or
 * a lost connection end it.
 */
import { canReconnectAfter, type ServerToAgent, type SessionEndReason } from '@tasuke/protocol'

import {
  type ClipboardBackend,
  type SessionClipboard,
  sessionClipboard,
} from '../clipboard/index.js'
import type {
  ConsentUi,
  CustomerAction,
  EndReason,
  OperatorActivity,
  SharingControls,
} from '../consent-ui/index.js'
import type { ReceiveFolder } from '../file-transfer/receive-folder.js'
import { createTransferManager, type TransferManager } from '../file-transfer/transfer-manager.js'
import type { InputBackend } from '../input/input.js'
import { createInputPlayer, type InputPlayer } from './input-player.js'
import { lazyInput, type LazyInput } from './lazy-input.js'
import {
  type Pairing,
  type PairingFailure,
  type RestrictionStatus,
  type ScreenStreamFactory,
  startPairing,
} from './pairing.js'
import type { RelayLink, RelayLinkEvents } from './relay-link.js'
import { DEFAULT_RESUME_POLICY, type ResumePolicy, resumeDelay } from './resume-policy.js'

export type SessionOutcome =
  | 'declined'
  | 'ended-by-customer'
  | 'ended-by-operator'
  | 'connection-lost'
  | 'refused'
  /** The handshake or a frame check failed, or the display went away. */
  | 'failed'

type State =
  | { readonly phase: 'introducing' }
  | { readonly phase: 'asking'; readonly operatorName: string }
  | {
      readonly phase: 'connected'
      readonly operatorName: string
      readonly pairing: Pairing | null
    }
  | {
      readonly phase: 'reconnecting'
      readonly operatorName: string
      readonly deadline: number
      readonly attempt: number
    }
  | { readonly phase: 'over' }

export interface AttendedSessionDeps {
  readonly ui: ConsentUi
  readonly openLink: (events: RelayLinkEvents) => RelayLink
  /** Makes the screen stream of each pairing. */
  readonly createScreenStream: ScreenStreamFactory
  /** Opens the input backend once the customer accepted; without it input is ignored. */
  readonly openInput?: () => Promise<InputBackend>
  /** Opens the clipboard once the customer accepted, while shared (SPEC.md P9). */
  readonly openClipboard?: () => Promise<ClipboardBackend>
  readonly resumePolicy?: ResumePolicy
  /** Where files the operator sends are saved; without it file transfer is not offered. */
  readonly receiveFolder?: ReceiveFolder
  /** The customer's choice of applications to show, told to every console (SPEC.md P10). */
  readonly windowRestriction?: RestrictionStatus
  /**
   * Restarts the computer (an installed agent only, SPEC.md D5); the session comes back after
   * the reboot. Without it the operator cannot restart from the viewer.
   */
  readonly restartComputer?: () => Promise<void>
  readonly log?: (line: string) => void
}

/** How long the agent waits for the server to close after the console said `end`. */
const FAREWELL_WAIT_MS = 2_000
/** After this long without input the operator is shown as viewing again. */
const CONTROLLING_SHOWN_MS = 3_000
/** How long the customer sees that the computer restarts before it does. */
const RESTART_NOTICE_MS = 1_500
/** How long a request for the system information is shown to the customer. */
const READING_SYSTEM_INFO_SHOWN_MS = 5_000

export function runAttendedSession(deps: AttendedSessionDeps): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    const { ui } = deps
    const log = deps.log ?? (() => undefined)
    const policy = deps.resumePolicy ?? DEFAULT_RESUME_POLICY
    let state: State = { phase: 'introducing' }
    let input: { readonly lazy: LazyInput; readonly player: InputPlayer } | null = null
    let verificationCode: string | null = null
    let activity: OperatorActivity = 'waiting'
    let controls: SharingControls = { isPaused: false, isViewOnly: false, isClipboardShared: true }
    let clipboard: SessionClipboard | null = null
    let controllingTimer: NodeJS.Timeout | undefined
    let readingTimer: NodeJS.Timeout | undefined
    let retryTimer: NodeJS.Timeout | undefined
    let deadlineTimer: NodeJS.Timeout | undefined
    let linkClosed: () => void = () => undefined
    // The relay paired a console while consent was being settled (see `peer-joined`).
    let consoleIsWaiting = false
    // File transfers belong to the session, not to one pairing: they survive a resume (T5).
    const files: TransferManager | undefined =
      deps.receiveFolder === undefined
        ? undefined
        : createTransferManager({
            receiveFolder: deps.receiveFolder,
            log,
            onChange: () => {
              if (state.phase === 'connected' || state.phase === 'reconnecting') {
                showConnected(state.operatorName)
              }
            },
          })

    const pairingOf = (current: State): Pairing | null =>
      current.phase === 'connected' ? current.pairing : null

    const showConnected = (operatorName: string) => {
      const isMovingFile =
        files?.isTransferring() === true && (activity === 'viewing' || activity === 'waiting')
      ui.update({
        type: 'connected',
        operatorName,
        verificationCode,
        activity: isMovingFile ? 'transferring-file' : activity,
        controls,
        ...(files === undefined ? {} : { files: files.view() }),
      })
    }
    const setActivity = (next: OperatorActivity) => {
      if (activity === next) return
      activity = next
      if (state.phase === 'connected' || state.phase === 'reconnecting') {
        showConnected(state.operatorName)
      }
    }

    /**
     * Ends the session once. The stream stops first, before anything else; `farewell` then
     * says goodbye on the link (sealed `end`, server `end`) before it closes.
     */
    const finish = (
      outcome: SessionOutcome,
      view: EndReason | 'declined',
      farewell: (pairing: Pairing | null) => Promise<void> = () => Promise.resolve(),
    ) => {
      if (state.phase === 'over') return
      const pairing = pairingOf(state)
      state = { phase: 'over' }
      const stopping = pairing?.stop() ?? Promise.resolve()
      clearTimeout(retryTimer)
      clearTimeout(deadlineTimer)
      clearTimeout(controllingTimer)
      clearTimeout(readingTimer)
      stopListening()
      ui.update(view === 'declined' ? { type: 'declined' } : { type: 'ended', reason: view })
      const closing = input?.lazy.close()
      const closingFiles = files?.close()
      const closingClipboard = clipboard?.close()
      void (async () => {
        await bounded(farewell(pairing), FAREWELL_WAIT_MS)
        link.close()
        await Promise.allSettled([stopping, closing, closingClipboard, closingFiles])
        resolve(outcome)
      })()
    }

    const fail = (reason: PairingFailure, detail: string) => {
      log(`session failed (${reason}): ${detail}`)
      finish('failed', 'error', async (pairing) => {
        await pairing?.sendEnd(reason)
        link.send({ type: 'end', reason })
      })
    }

    const startNewPairing = (operatorName: string) => {
      const player = input?.player ?? null
      verificationCode = null
      activity = 'waiting'
      const pairing = startPairing(
        {
          link,
          createScreenStream: deps.createScreenStream,
          input: player,
          controls,
          log,
          files,
          clipboard: clipboard ?? undefined,
          windowRestriction: deps.windowRestriction,
          canRestart: deps.restartComputer !== undefined,
        },
        {
          onVerified: (code) => {
            if (pairingOf(state) !== pairing) return
            verificationCode = code
            showConnected(operatorName)
          },
          onViewing: () => {
            if (pairingOf(state) === pairing && activity === 'waiting') setActivity('viewing')
          },
          onControlling: () => {
            if (pairingOf(state) !== pairing) return
            setActivity('controlling')
            if (controllingTimer === undefined) {
              controllingTimer = setTimeout(() => {
                controllingTimer = undefined
                if (pairingOf(state) === pairing) setActivity('viewing')
              }, CONTROLLING_SHOWN_MS)
            } else {
              controllingTimer.refresh()
            }
          },
          onReadingSystemInfo: () => {
            if (pairingOf(state) !== pairing) return
            const after = activity === 'waiting' ? 'waiting' : 'viewing'
            setActivity('reading-system-info')
            clearTimeout(readingTimer)
            readingTimer = setTimeout(() => {
              if (pairingOf(state) === pairing && activity === 'reading-system-info')
                setActivity(after)
            }, READING_SYSTEM_INFO_SHOWN_MS)
          },
          onRestartRequested: () => {
            const restart = deps.restartComputer
            if (pairingOf(state) !== pairing || restart === undefined) return
            log('the operator restarts this computer')
            setActivity('restarting')
            // The relay waits for the computer to come back instead of ending the session; the
            // restart waits a moment, so that the relay hears it and the customer reads it.
            link.send({ type: 'restarting' })
            setTimeout(() => {
              restart().catch((error: unknown) => {
                log(`the computer could not be restarted: ${String(error)}`)
                if (pairingOf(state) === pairing) setActivity('viewing')
              })
            }, RESTART_NOTICE_MS)
          },
          onPeerEnd: (reason) => {
            if (pairingOf(state) !== pairing) return
            finish(outcomeOf(reason), endViewOf(reason), () => waitForClose())
          },
          onFailed: (reason, detail) => {
            if (pairingOf(state) === pairing) fail(reason, detail)
          },
        },
      )
      state = { phase: 'connected', operatorName, pairing }
      showConnected(operatorName)
    }

    /** The console went away (or a new one came): its stream stops, held keys are released. */
    const dropPairing = (operatorName: string) => {
      const pairing = pairingOf(state)
      if (pairing !== null) void pairing.discard()
      void input?.player.releaseAll()
      clearTimeout(controllingTimer)
      controllingTimer = undefined
      verificationCode = null
      activity = 'waiting'
      state = { phase: 'connected', operatorName, pairing: null }
    }

    const handleServer = (message: ServerToAgent) => {
      switch (message.type) {
        case 'welcome':
          if (state.phase === 'reconnecting') {
            log('link back; waiting for the console')
            clearTimeout(deadlineTimer)
            state = { phase: 'connected', operatorName: state.operatorName, pairing: null }
            activity = 'waiting'
            showConnected(state.operatorName)
            return
          }
          if (state.phase !== 'introducing') return
          state = { phase: 'asking', operatorName: message.session.operatorName }
          ui.update({
            type: 'ask-consent',
            companyName: message.session.tenantName,
            companyDomain: message.session.tenantDomain ?? null,
            operatorName: message.session.operatorName,
            shares: ['screen', 'control'],
            verificationCode: null,
          })
          return
        case 'peer-joined':
          // A session accepted before (resumed after a restart, SPEC.md D5) is paired at once,
          // while this agent still settles its consent: the pairing starts once it has.
          if (state.phase === 'asking') consoleIsWaiting = true
          if (state.phase !== 'connected') return
          dropPairing(state.operatorName)
          startNewPairing(state.operatorName)
          return
        case 'peer-left':
          consoleIsWaiting = false
          if (state.phase !== 'connected') return
          dropPairing(state.operatorName)
          showConnected(state.operatorName)
          return
        case 'session-ended':
          finish(outcomeOf(message.reason), endViewOf(message.reason))
          return
        case 'error':
          log(`server error ${message.code}: ${message.message}`)
          return
        case 'heartbeat':
          return
      }
    }

    const handleFrame = (frame: Uint8Array) => {
      pairingOf(state)?.handleFrame(frame)
    }

    const handleClose = (code: number, reason: string) => {
      linkClosed()
      switch (state.phase) {
        case 'introducing':
          finish('refused', 'connection-lost')
          return
        case 'asking':
          finish('connection-lost', 'connection-lost')
          return
        case 'connected':
          if (!canReconnectAfter(code)) {
            finish('connection-lost', 'connection-lost')
            return
          }
          log(`link lost (${code} ${reason}); reconnecting`)
          dropPairing(state.operatorName)
          state = {
            phase: 'reconnecting',
            operatorName: state.operatorName,
            deadline: Date.now() + policy.graceMs,
            attempt: 0,
          }
          activity = 'reconnecting'
          showConnected(state.operatorName)
          // An attempt may hang (a half-open network): the grace period ends it anyway.
          deadlineTimer = setTimeout(() => {
            if (state.phase === 'reconnecting') finish('connection-lost', 'connection-lost')
          }, policy.graceMs)
          scheduleReconnect()
          return
        case 'reconnecting':
          // A refused attempt (server down: 1006) is worth another; a closed session is not.
          if (!canReconnectAfter(code)) {
            finish('connection-lost', 'connection-lost')
            return
          }
          scheduleReconnect()
          return
        case 'over':
          return
      }
    }

    const scheduleReconnect = () => {
      if (state.phase !== 'reconnecting') return
      const { attempt, deadline, operatorName } = state
      const delay = resumeDelay(policy, attempt, deadline - Date.now())
      if (delay === null) {
        finish('connection-lost', 'connection-lost')
        return
      }
      state = { phase: 'reconnecting', operatorName, deadline, attempt: attempt + 1 }
      retryTimer = setTimeout(() => {
        if (state.phase !== 'reconnecting') return
        link = openLink()
      }, delay)
    }

    const handleCustomer = (action: CustomerAction) => {
      switch (action.type) {
        case 'accept': {
          if (state.phase !== 'asking') return
          link.send({ type: 'consent-granted' })
          if (deps.openInput !== undefined) {
            const lazy = lazyInput(deps.openInput, log)
            input = { lazy, player: createInputPlayer(lazy.backend, log) }
          }
          if (deps.openClipboard !== undefined) {
            clipboard = sessionClipboard(deps.openClipboard, log, controls.isClipboardShared)
          }
          state = { phase: 'connected', operatorName: state.operatorName, pairing: null }
          showConnected(state.operatorName)
          if (consoleIsWaiting) startNewPairing(state.operatorName)
          return
        }
        case 'decline':
          if (state.phase !== 'asking') return
          link.send({ type: 'consent-declined' })
          finish('declined', 'declined')
          return
        case 'end':
          finish('ended-by-customer', 'customer', async (pairing) => {
            await pairing?.sendEnd('customer-ended')
            link.send({ type: 'end', reason: 'customer-ended' })
          })
          return
        case 'set-paused':
          changeControls({ ...controls, isPaused: action.paused })
          return
        case 'set-view-only':
          changeControls({ ...controls, isViewOnly: action.viewOnly })
          return
        case 'set-clipboard-shared':
          changeControls({ ...controls, isClipboardShared: action.shared })
          return
        case 'submit-code':
          return
        case 'cancel-transfer':
          files?.cancel(action.transferId)
          return
        case 'set-file-browsing':
          files?.answerBrowse(action.allowed)
          return
        case 'offer-file':
          files?.offerFile(action.path).catch((error: unknown) => {
            log(`the file could not be offered: ${String(error)}`)
          })
          return
        case 'remove-offer':
          files?.removeOffer(action.offerId)
          return
        case 'set-shown-applications':
          return // applied by the window restriction itself (application-choice.ts)
      }
    }

    /** The customer paused, resumed or changed view-only: the pairing enforces and tells it. */
    const changeControls = (next: SharingControls) => {
      if (state.phase !== 'connected' && state.phase !== 'reconnecting') return
      controls = next
      clipboard?.setSharing(next.isClipboardShared)
      pairingOf(state)?.setControls(next)
      showConnected(state.operatorName)
    }

    const waitForClose = () =>
      new Promise<void>((done) => {
        linkClosed = done
      })

    /** Opens a link whose events count only while it is the current one. */
    const openLink = (): RelayLink => {
      const opened: RelayLink = deps.openLink({
        onMessage: (message) => {
          if (link === opened) handleServer(message)
        },
        onFrame: (frame) => {
          if (link === opened) handleFrame(frame)
        },
        onBadFrame: (detail) => {
          if (link === opened)
            fail('error', `the relay sent something that is not a frame: ${detail}`)
        },
        onClose: (code, reason) => {
          if (link === opened) handleClose(code, reason)
        },
      })
      return opened
    }

    let link: RelayLink = openLink()
    const stopListening = ui.onAction(handleCustomer)
  })
}

function bounded(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms)
    work.then(
      () => {
        clearTimeout(timer)
        done()
      },
      () => {
        clearTimeout(timer)
        done()
      },
    )
  })
}

function outcomeOf(reason: SessionEndReason): SessionOutcome {
  switch (reason) {
    case 'customer-ended':
      return 'ended-by-customer'
    case 'consent-declined':
      return 'declined'
    case 'connection-lost':
      return 'connection-lost'
    case 'handshake-failed':
    case 'verification-mismatch':
    case 'error':
    case 'device-revoked':
    case 'device-busy':
    case 'no-display':
      return 'failed'
    case 'operator-ended':
    case 'expired':
      return 'ended-by-operator'
  }
}

function endViewOf(reason: SessionEndReason): EndReason {
  switch (reason) {
    case 'customer-ended':
      return 'customer'
    case 'connection-lost':
      return 'connection-lost'
    case 'handshake-failed':
    case 'verification-mismatch':
    case 'error':
    case 'device-revoked':
    case 'device-busy':
    case 'no-display':
      return 'error'
    case 'operator-ended':
    case 'expired':
    case 'consent-declined':
      return 'operator'
  }
}
