/**
 * What the local consent window shows, and how the customer's clicks move it on. Pure: the
 * server in `server.ts` holds the current view and applies these transitions.
 * @module
 */
import { normaliseSessionCode } from '@tasuke/protocol'

/** What the operator may do once the customer accepts. */
export type Share = 'screen' | 'control'

/** What the operator is doing right now (or that the link is coming back), in the connected view. */
export type OperatorActivity =
  'waiting' | 'viewing' | 'controlling' | 'reading-system-info' | 'reconnecting'

/**
 * What the customer allows right now, set in the connected view (DESIGN.md S8, SPEC.md P6):
 * a paused screen is not sent at all; view-only drops the operator's input.
 */
export interface SharingControls {
  readonly isPaused: boolean
  readonly isViewOnly: boolean
}

/** Why a session ended, shown in the ended view (`error`: the secure channel failed). */
export type EndReason = 'customer' | 'operator' | 'connection-lost' | 'error'

/** Why the number the customer typed was not taken. */
export type CodeProblem = 'invalid' | 'unknown' | 'expired' | 'used' | 'rate-limited'

/** Everything the consent window can show. The agent sets it with `update(view)`. */
export type ConsentView =
  /** A generic download: the customer types the 8-digit number. */
  | { readonly type: 'ask-code'; readonly problem: CodeProblem | null }
  | { readonly type: 'connecting' }
  | {
      readonly type: 'ask-consent'
      readonly companyName: string
      /** Shown only once the server has verified the tenant's domain. */
      readonly companyDomain: string | null
      readonly operatorName: string
      readonly shares: readonly Share[]
      readonly verificationCode: string | null
    }
  | {
      readonly type: 'connected'
      readonly operatorName: string
      readonly verificationCode: string | null
      readonly activity: OperatorActivity
      readonly controls: SharingControls
    }
  | { readonly type: 'ended'; readonly reason: EndReason }
  | { readonly type: 'declined' }
  | { readonly type: 'error'; readonly message: string }

/** What the page asks for; `code` is the customer's raw input. */
export type CustomerRequest =
  | { readonly type: 'submit-code'; readonly code: string }
  | { readonly type: 'accept' }
  | { readonly type: 'decline' }
  | { readonly type: 'end' }
  | { readonly type: 'set-paused'; readonly paused: boolean }
  | { readonly type: 'set-view-only'; readonly viewOnly: boolean }

/** What the agent is told the customer did; `code` is the canonical 8 digits. */
export type CustomerAction =
  | { readonly type: 'submit-code'; readonly code: string }
  | { readonly type: 'accept' }
  | { readonly type: 'decline' }
  | { readonly type: 'end' }
  | { readonly type: 'set-paused'; readonly paused: boolean }
  | { readonly type: 'set-view-only'; readonly viewOnly: boolean }

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
  }
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
    controls.isViewOnly === view.controls.isViewOnly
  ) {
    return IGNORE
  }
  return { kind: 'act', view: { ...view, controls }, action }
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
