/**
 * What every viewer test page starts with: a `ConsoleSession` on the socket named by `?ws=`,
 * drawing into #screen with #keys for the keyboard, and every state it went through.
 */
import { ConsoleSession, type ViewerState } from '../session/index'

export interface PageSession {
  readonly session: ConsoleSession
  readonly container: HTMLElement
  readonly states: ViewerState[]
}

export function startPageSession(): PageSession {
  const container = document.getElementById('screen')
  const keys = document.getElementById('keys')
  const url = new URLSearchParams(location.search).get('ws')
  if (container === null || keys === null || url === null)
    throw new Error('test page is incomplete')
  const states: ViewerState[] = []
  const session = new ConsoleSession({
    url,
    container,
    keyboardTarget: keys,
    onState: (state) => states.push(state),
  })
  session.start()
  return { session, container, states }
}
