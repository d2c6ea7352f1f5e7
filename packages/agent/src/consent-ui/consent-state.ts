/**
 * What the local consent window shows, and how the customer's clicks move it on. Pure: the
 * server in `server.ts` holds the current view and applies these transitions.
 * @module
 */
import { type FileProblem, normaliseSessionCode } from '@tasuke/protocol'

/** What the operator may do once the customer accepts. */
export type Share = 'screen' | 'control'

/** What the operator is doing right now (or that the link is coming back), in the connected view. */
export type OperatorActivity =
  | 'waiting'
  | 'viewing'
  | 'controlling'
  | 'reading-system-info'
  | 'transferring-file'
  | 'reconnecting'
  /** The operator restarts this computer (an installed agent, SPEC.md D5). */
  | 'restarting'

/** One file transfer in the connected view (SPEC.md T-rules), newest last. */
export interface TransferView {
  readonly transferId: number
  /** `to-customer`: the operator sends; `from-customer`: the operator fetches. */
  readonly direction: 'to-customer' | 'from-customer'
  /** The file's name (where it is saved, for a file the operator sends). */
  readonly name: string
  readonly size: number
  readonly bytesDone: number
  readonly bytesPerSecond: number
  readonly secondsLeft: number | null
  /** `waiting`: the link dropped and the transfer waits for it to come back. */
  readonly state: 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled'
  /** Why a failed transfer failed (shown to the customer, not only logged). */
  readonly problem?: FileProblem
}

/** A file the customer offers the operator (SPEC.md T8). */
export interface OfferView {
  readonly offerId: string
  readonly name: string
  readonly size: number
}

/** File transfer in the connected view: transfers, browsing permission (T7), offers (T8). */
export interface FilesView {
  readonly transfers: readonly TransferView[]
  readonly browse: 'not-asked' | 'asking' | 'allowed' | 'refused'
  readonly offers: readonly OfferView[]
}

/**
 * What the customer allows right now, set in the connected view (DESIGN.md S8, SPEC.md P6):
 * a paused screen is not sent at all; view-only drops the operator's input.
 */
export interface SharingControls {
  readonly isPaused: boolean
  readonly isViewOnly: boolean
  /** Clipboard text goes both ways (SPEC.md P9); on by default. */
  readonly isClipboardShared: boolean
}

/**
 * The customer's choice of what to show (DESIGN.md S15, SPEC.md P10), shown beside the
 * consent and connected views: the whole screen, or only the chosen applications.
 */
export interface ApplicationsView {
  readonly mode: 'whole-screen' | 'chosen'
  /** Ids of the chosen applications among `applications`. */
  readonly chosen: readonly string[]
  /** The open applications, topmost first. */
  readonly applications: readonly { readonly id: string; readonly title: string }[]
}

/** Why a session ended, shown in the ended view (`error`: the secure channel failed). */
export type EndReason = 'customer' | 'operator' | 'connection-lost' | 'error'

/** Why the number the customer typed was not taken. */
export type CodeProblem = 'invalid' | 'unknown' | 'expired' | 'used' | 'rate-limited'

/**
 * An installed agent's window says for which company the computer is installed and links to
 * its "About this computer" page (`historyUrl`, a 127.0.0.1 address of the agent's own).
 */
export interface InstalledNote {
  readonly companyName: string
  readonly historyUrl: string
}

/** Everything the consent window can show. The agent sets it with `update(view)`. */
export type ConsentView =
  /** A generic download: the customer types the 8-digit number. */
  | { readonly type: 'ask-code'; readonly problem: CodeProblem | null }
  | { readonly type: 'connecting'; readonly installed?: InstalledNote }
  | {
      readonly type: 'ask-consent'
      readonly companyName: string
      /** Shown only once the server has verified the tenant's domain. */
      readonly companyDomain: string | null
      readonly operatorName: string
      readonly shares: readonly Share[]
      readonly verificationCode: string | null
      /**
       * An installed agent's policy answers for the customer at `deadline` (ms since the epoch)
       * when nobody clicks (SPEC.md D3); the window counts down to it.
       */
      readonly autoAnswer?: { readonly answer: 'accept' | 'decline'; readonly deadline: number }
      readonly installed?: InstalledNote
    }
  | {
      readonly type: 'connected'
      readonly operatorName: string
      readonly verificationCode: string | null
      readonly activity: OperatorActivity
      readonly controls: SharingControls
      /** File transfer, once the agent offers it. */
      readonly files?: FilesView
      readonly installed?: InstalledNote
    }
  | { readonly type: 'ended'; readonly reason: EndReason }
  | { readonly type: 'declined' }
  | { readonly type: 'error'; readonly message: string }

/**
 * The customer's file-transfer clicks: 中止 on a transfer, the answer (or change of mind)
 * about browsing, a file picked to offer and an offer taken back. They name what they act
 * on, so a click made while progress moves the revision on is still taken.
 */
export type FilesRequest =
  | { readonly type: 'cancel-transfer'; readonly transferId: number }
  | { readonly type: 'set-file-browsing'; readonly allowed: boolean }
  | { readonly type: 'offer-file'; readonly path: string }
  | { readonly type: 'remove-offer'; readonly offerId: string }

/** What the page asks for; `code` is the customer's raw input. */
export type CustomerRequest =
  | FilesRequest
  | { readonly type: 'submit-code'; readonly code: string }
  | { readonly type: 'accept' }
  | { readonly type: 'decline' }
  | { readonly type: 'end' }
  | { readonly type: 'set-paused'; readonly paused: boolean }
  | { readonly type: 'set-view-only'; readonly viewOnly: boolean }
  | { readonly type: 'set-clipboard-shared'; readonly shared: boolean }
  | ShowApplicationsRequest

/** Whole screen or only the chosen applications: the whole choice, applied at once. */
export interface ShowApplicationsRequest {
  readonly type: 'set-shown-applications'
  readonly mode: ApplicationsView['mode']
  readonly chosen: readonly string[]
}

/** What the agent is told the customer did; `code` is the canonical 8 digits. */
export type CustomerAction =
  | FilesRequest
  | { readonly type: 'submit-code'; readonly code: string }
  | { readonly type: 'accept' }
  | { readonly type: 'decline' }
  | { readonly type: 'end' }
  | { readonly type: 'set-paused'; readonly paused: boolean }
  | { readonly type: 'set-view-only'; readonly viewOnly: boolean }
  | { readonly type: 'set-clipboard-shared'; readonly shared: boolean }
  | ShowApplicationsRequest

/** The outcome of a request: a new view and an action for the agent, or nothing at all. */
export type Transition =
  | { readonly kind: 'act'; readonly view: ConsentView; readonly action: CustomerAction }
  /** The typed number was refused: the view shows why, the agent hears nothing. */
  | { readonly kind: 'refuse-code'; readonly view: ConsentView }
  /** The request does not fit the view (a stale page, a forged post): nothing changes. */
  | { readonly kind: 'ignore' }

const IGNORE: Transition = { kind: 'ignore' }

/** Applies a customer's request to the view on screen. Never throws. */
export function handleCustomerRequest(view: ConsentView, request: CustomerRequest): Transition {
  switch (request.type) {
    case 'cancel-transfer':
    case 'set-file-browsing':
    case 'offer-file':
    case 'remove-offer':
      return handleFilesRequest(view, request)
    case 'submit-code': {
      if (view.type !== 'ask-code') return IGNORE
      const result = normaliseSessionCode(request.code)
      if (!result.ok) return { kind: 'refuse-code', view: { type: 'ask-code', problem: 'invalid' } }
      return {
        kind: 'act',
        view: { type: 'connecting' },
        action: { type: 'submit-code', code: result.code },
      }
    }
    case 'accept':
      if (view.type !== 'ask-consent') return IGNORE
      return { kind: 'act', view: { type: 'connecting' }, action: { type: 'accept' } }
    case 'decline':
      if (view.type !== 'ask-consent') return IGNORE
      return { kind: 'act', view: { type: 'declined' }, action: { type: 'decline' } }
    case 'end':
      return canEnd(view)
        ? { kind: 'act', view: { type: 'ended', reason: 'customer' }, action: { type: 'end' } }
        : IGNORE
    case 'set-paused':
      return changeControls(view, { isPaused: request.paused }, request)
    case 'set-view-only':
      return changeControls(view, { isViewOnly: request.viewOnly }, request)
    case 'set-clipboard-shared':
      return changeControls(view, { isClipboardShared: request.shared }, request)
    case 'set-shown-applications':
      return canChooseApplications(view) ? { kind: 'act', view, action: request } : IGNORE
  }
}

/** File clicks, only in the connected view with file transfer, and only for what it shows. */
function handleFilesRequest(view: ConsentView, request: FilesRequest): Transition {
  if (view.type !== 'connected' || view.files === undefined) return IGNORE
  const files = view.files
  const act = (next: FilesView): Transition => ({
    kind: 'act',
    view: { ...view, files: next },
    action: request,
  })
  switch (request.type) {
    case 'cancel-transfer': {
      const shown = files.transfers.find((t) => t.transferId === request.transferId)
      if (shown === undefined || (shown.state !== 'running' && shown.state !== 'waiting')) {
        return IGNORE
      }
      return act(files)
    }
    case 'set-file-browsing': {
      const browse = request.allowed ? 'allowed' : 'refused'
      return files.browse === browse ? IGNORE : act({ ...files, browse })
    }
    case 'offer-file':
      return act(files)
    case 'remove-offer':
      return files.offers.some((offer) => offer.offerId === request.offerId)
        ? act({ ...files, offers: files.offers.filter((o) => o.offerId !== request.offerId) })
        : IGNORE
  }
}

/** Requests taken whatever revision the page saw: they name what they act on. */
const REVISION_FREE: ReadonlySet<CustomerRequest['type']> = new Set<CustomerRequest['type']>([
  'cancel-transfer',
  'set-file-browsing',
  'offer-file',
  'remove-offer',
  'set-shown-applications',
])

/** Whether a request is taken whatever revision the page saw (it names what it acts on). */
export function isRevisionFree(request: CustomerRequest): boolean {
  return REVISION_FREE.has(request.type)
}

/**
 * Pause and view-only, only in the connected view and only as a change: a second click
 * made on a page that had not caught up yet must not flip the setting back.
 */
function changeControls(
  view: ConsentView,
  change: Partial<SharingControls>,
  action: CustomerAction,
): Transition {
  if (view.type !== 'connected') return IGNORE
  const controls = { ...view.controls, ...change }
  if (
    controls.isPaused === view.controls.isPaused &&
    controls.isViewOnly === view.controls.isViewOnly &&
    controls.isClipboardShared === view.controls.isClipboardShared
  ) {
    return IGNORE
  }
  return { kind: 'act', view: { ...view, controls }, action }
}

/** Whether the view offers the choice of applications to show: before 承諾 and while on. */
export function canChooseApplications(view: ConsentView): boolean {
  return view.type === 'ask-consent' || view.type === 'connecting' || view.type === 'connected'
}

/** Whether the view offers キャンセル / End session. */
export function canEnd(view: ConsentView): boolean {
  switch (view.type) {
    case 'connecting':
    case 'connected':
      return true
    case 'ask-code':
    case 'ask-consent':
    case 'ended':
    case 'declined':
    case 'error':
      return false
  }
}
