/**
 * A relay link whose agent token is not known yet (SPEC.md D5): an installed agent whose link
 * dropped asks its server for a fresh single-use token over the device socket, and opens the
 * link once it has one. Until then nothing is sent; no token in time closes it with 1013 (try
 * again later), so the session's reconnect schedule tries once more within its grace period.
 */
import type { RelayLink, RelayLinkEvents } from './relay-link.js'

const TRY_AGAIN_LATER = 1013

export function deferredRelayLink(
  token: Promise<string | null>,
  open: (agentToken: string, events: RelayLinkEvents) => RelayLink,
  events: RelayLinkEvents,
): RelayLink {
  let link: RelayLink | null = null
  let isClosed = false
  const noToken = (reason: string) => {
    if (isClosed) return
    isClosed = true
    events.onClose(TRY_AGAIN_LATER, reason)
  }
  token.then(
    (agentToken) => {
      if (isClosed) return
      if (agentToken === null) noToken('the server gave no fresh agent token in time')
      else link = open(agentToken, events)
    },
    (error: unknown) => {
      noToken(`no fresh agent token: ${String(error)}`)
    },
  )
  return {
    send: (message) => link?.send(message),
    sendFrame: (frame) => link?.sendFrame(frame),
    bufferedAmount: () => link?.bufferedAmount() ?? 0,
    close: () => {
      isClosed = true
      link?.close()
    },
  }
}
