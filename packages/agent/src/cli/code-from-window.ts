/**
 * "Program first" (DESIGN.md S4): a generic download asks for the 8-digit number in its own
 * window. Each number typed there is redeemed; a refused one is shown with its reason and the
 * customer types again, until one is taken, the customer ends, or the server cannot be used.
 */
import type { CodeProblem, ConsentUi } from '../consent-ui/index.js'
import type { RedeemFailure, RedeemResult, Redemption } from '../server-api/redeem.js'

export type WindowCodeResult =
  | { readonly kind: 'redeemed'; readonly redemption: Redemption }
  /** The customer clicked キャンセル / End session while the number was being checked. */
  | { readonly kind: 'ended' }
  /** The server answered with something the window cannot help with (shown there). */
  | {
      readonly kind: 'failed'
      readonly failure: 'server-error' | 'unreachable'
      readonly detail: string
    }

export interface WindowCodeDeps {
  /** Showing the 'ask-code' view already. */
  readonly ui: ConsentUi
  readonly redeem: (code: string) => Promise<RedeemResult>
  /** Tells an unreachable server (thrown) from any other error (rethrown). */
  readonly isUnreachable: (error: unknown) => error is Error
}

export function codeFromWindow(deps: WindowCodeDeps): Promise<WindowCodeResult> {
  const { ui } = deps
  return new Promise((resolve, reject) => {
    let isBusy = false
    let stop: () => void = () => undefined
    const finish = (result: WindowCodeResult) => {
      stop()
      resolve(result)
    }
    stop = ui.onAction((action) => {
      switch (action.type) {
        case 'submit-code':
          if (isBusy) return
          isBusy = true
          deps.redeem(action.code).then(
            (result) => {
              isBusy = false
              if (result.ok) {
                finish({ kind: 'redeemed', redemption: result.redemption })
                return
              }
              const problem = problemOf(result.failure)
              if (problem === null) {
                finish({ kind: 'failed', failure: 'server-error', detail: '' })
                return
              }
              ui.update({ type: 'ask-code', problem })
            },
            (error: unknown) => {
              isBusy = false
              if (deps.isUnreachable(error)) {
                finish({ kind: 'failed', failure: 'unreachable', detail: error.message })
              } else {
                stop()
                reject(error instanceof Error ? error : new Error(String(error)))
              }
            },
          )
          return
        case 'end':
          finish({ kind: 'ended' })
          return
        // The number is not known yet: nothing else of a session can happen in this window.
        case 'accept':
        case 'decline':
        case 'set-paused':
        case 'set-view-only':
        case 'set-clipboard-shared':
        case 'set-shown-applications':
        case 'set-file-browsing':
        case 'cancel-transfer':
        case 'offer-file':
        case 'remove-offer':
          return
      }
    })
  })
}

export function problemOf(failure: RedeemFailure): CodeProblem | null {
  switch (failure) {
    case 'invalid-code':
      return 'invalid'
    case 'unknown-code':
      return 'unknown'
    case 'expired-code':
      return 'expired'
    case 'used-code':
      return 'used'
    case 'rate-limited':
      return 'rate-limited'
    case 'server-error':
      return null
  }
}
