/**
 * Consent for an unattended connection, settled by the access policy (SPEC.md D3): the
 * session asks through the window as usual, and this wrapper answers for the customer when
 * the policy says so. `connect`: granted at once, the window shows the operator connected
 * with its 中止 / Stop. `ask-then-connect`: the window asks, and nobody answering within
 * `askSeconds` grants it. `always-ask`: the window asks, and nobody answering within
 * `alwaysAskSeconds` declines it. A click by the customer always wins.
 * @module
 */
import type { AccessPolicy } from '@tasuke/protocol'

import type { ConsentUi, ConsentView, CustomerAction } from '../consent-ui/index.js'

/** How long `always-ask` waits for an answer before it declines. */
export const ALWAYS_ASK_SECONDS = 60

export interface PolicyConsentOptions {
  readonly policy: AccessPolicy
  /** Overrides ALWAYS_ASK_SECONDS (tests). */
  readonly alwaysAskSeconds?: number
  /** Told when the policy answered for the customer. */
  readonly onAutoAnswer?: (answer: 'accept' | 'decline') => void
}

/** The window the session sees: the real one, with the policy's answer added. */
export function policyConsent(ui: ConsentUi, options: PolicyConsentOptions): ConsentUi {
  const handlers = new Set<(action: CustomerAction) => void>()
  let timer: NodeJS.Timeout | undefined
  let asking = false
  const emit = (action: CustomerAction) => {
    for (const handler of [...handlers]) handler(action)
  }
  const answer = (action: 'accept' | 'decline') => {
    if (!asking) return
    asking = false
    clearTimeout(timer)
    options.onAutoAnswer?.(action)
    emit({ type: action })
  }
  const unsubscribe = ui.onAction((action) => {
    if (action.type === 'accept' || action.type === 'decline') {
      asking = false
      clearTimeout(timer)
    }
    emit(action)
  })
  const { policy } = options
  /** Shows the question with its countdown; nobody answering gives `answer`. */
  const ask = (
    view: Extract<ConsentView, { type: 'ask-consent' }>,
    auto: 'accept' | 'decline',
    seconds: number,
  ) => {
    ui.update({ ...view, autoAnswer: { answer: auto, deadline: Date.now() + seconds * 1_000 } })
    timer = setTimeout(() => {
      answer(auto)
    }, seconds * 1_000)
  }

  return {
    url: ui.url,
    update: (view: ConsentView) => {
      if (view.type !== 'ask-consent') {
        if (view.type !== 'connected') {
          asking = false
          clearTimeout(timer)
        }
        ui.update(view)
        return
      }
      asking = true
      switch (policy.mode) {
        case 'connect':
          // Not shown at all: the session goes straight to the connected view and its Stop.
          setImmediate(() => {
            answer('accept')
          })
          return
        case 'ask-then-connect':
          ask(view, 'accept', policy.askSeconds)
          return
        case 'always-ask':
          ask(view, 'decline', options.alwaysAskSeconds ?? ALWAYS_ASK_SECONDS)
          return
      }
    },
    showApplications: (choice) => {
      ui.showApplications(choice)
    },
    onAction: (handler) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    close: async () => {
      clearTimeout(timer)
      unsubscribe()
      await ui.close()
    },
  }
}
