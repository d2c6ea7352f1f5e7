/**
 * The relay links of one unattended session (SPEC.md D3, D5): the connect-request's token
 * opens the first; each link after a drop waits for a fresh single-use token the device asks
 * its server for over the device socket.
 * @module
 */
import { deferredRelayLink } from '../session/deferred-relay-link.js'
import {
  openRelayLink,
  type RelayLink,
  type RelayLinkEvents,
  type RelayLinkOptions,
} from '../session/relay-link.js'
import type { SessionRun } from './device-service.js'

export function unattendedLinks(
  target: Omit<RelayLinkOptions, 'agentToken'>,
  run: Pick<SessionRun, 'request' | 'tokens'>,
): (events: RelayLinkEvents) => RelayLink {
  const open = (agentToken: string, events: RelayLinkEvents) =>
    openRelayLink({ ...target, agentToken }, events)
  let firstToken: string | null = run.request.agentToken
  return (events) => {
    const token = firstToken
    firstToken = null
    return token === null ? deferredRelayLink(run.tokens.next(), open, events) : open(token, events)
  }
}
