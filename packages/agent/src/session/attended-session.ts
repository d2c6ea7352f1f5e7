/**
 * One attended support session from the customer's side, after the number was redeemed:
 * the relay says who is asking, the local window asks the customer, and only a click on
 * 承諾/Accept there tells the server the customer agreed. キャンセル/End session, the
 * operator or a lost connection end it. Screen sharing joins here with the capture pipeline.
 */
import type { ServerToAgent, SessionEndReason } from '@tasuke/protocol'

import type { ConsentUi, CustomerAction, EndReason } from '../consent-ui/index.js'
import type { RelayLink, RelayLinkEvents } from './relay-link.js'

export type SessionOutcome =
  'declined' | 'ended-by-customer' | 'ended-by-operator' | 'connection-lost' | 'refused'

type State =
  | { readonly phase: 'introducing' }
  | { readonly phase: 'asking'; readonly operatorName: string }
  | { readonly phase: 'connected'; readonly operatorName: string }
  | { readonly phase: 'over' }

export interface AttendedSessionDeps {
  readonly ui: ConsentUi
  readonly openLink: (events: RelayLinkEvents) => RelayLink
}

export function runAttendedSession(deps: AttendedSessionDeps): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    let state: State = { phase: 'introducing' }
    const { ui } = deps

    const finish = (outcome: SessionOutcome, view: EndReason | 'declined') => {
      if (state.phase === 'over') return
      state = { phase: 'over' }
      stopListening()
      ui.update(view === 'declined' ? { type: 'declined' } : { type: 'ended', reason: view })
      link.close()
      resolve(outcome)
    }

    const handleServer = (message: ServerToAgent) => {
      switch (message.type) {
        case 'welcome':
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
        case 'session-ended':
          finish(outcomeOf(message.reason), endViewOf(message.reason))
          return
        case 'peer-joined':
        case 'peer-left':
        case 'heartbeat':
        case 'error':
          return
      }
    }

    const handleCustomer = (action: CustomerAction) => {
      switch (action.type) {
        case 'accept':
          if (state.phase !== 'asking') return
          link.send({ type: 'consent-granted' })
          state = { phase: 'connected', operatorName: state.operatorName }
          ui.update({
            type: 'connected',
            operatorName: state.operatorName,
            verificationCode: null,
            activity: 'waiting',
          })
          return
        case 'decline':
          if (state.phase !== 'asking') return
          link.send({ type: 'consent-declined' })
          finish('declined', 'declined')
          return
        case 'end':
          link.send({ type: 'end', reason: 'customer-ended' })
          finish('ended-by-customer', 'customer')
          return
        case 'submit-code':
          return
      }
    }

    const link = deps.openLink({
      onMessage: handleServer,
      onClose: () => {
        finish(state.phase === 'introducing' ? 'refused' : 'connection-lost', 'connection-lost')
      },
    })
    const stopListening = ui.onAction(handleCustomer)
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
    case 'operator-ended':
    case 'expired':
    case 'handshake-failed':
    case 'verification-mismatch':
    case 'error':
      return 'ended-by-operator'
  }
}

function endViewOf(reason: SessionEndReason): EndReason {
  if (reason === 'customer-ended') return 'customer'
  if (reason === 'connection-lost') return 'connection-lost'
  return 'operator'
}
