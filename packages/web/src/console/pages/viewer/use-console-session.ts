/** Runs the viewer's `ConsoleSession` for one support session while the page is shown. */
import { useEffect, useRef, useState } from 'preact/hooks'

import {
  ConsoleSession,
  CUSTOMER_ALLOWS_ALL,
  type CustomerControls,
  type ViewerState,
  type ViewerStats,
} from '../../../viewer/index'

/** `wss://<this host>/ws/console?sessionId=…`; the browser sends the cookie and the Origin. */
export function consoleSocketUrl(sessionId: string, page: Location = location): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${page.host}/ws/console?sessionId=${encodeURIComponent(sessionId)}`
}

export interface LiveSession {
  readonly state: ViewerState
  readonly stats: ViewerStats | null
  /** What the customer allows (paused, view only), as the agent last said. */
  readonly customerControls: CustomerControls
  /** Whether the customer shows only chosen applications (SPEC.md P10). */
  readonly isWindowRestricted: boolean
  /** Whether the customer's computer can be restarted from here (an installed agent). */
  readonly canRestart: boolean
  /** Null until the page's elements exist. */
  readonly session: ConsoleSession | null
}

/** `screen` receives the canvas; `keys` is the focusable element that takes the keyboard. */
export function useConsoleSession(
  sessionId: string,
  screen: { readonly current: HTMLElement | null },
  keys: { readonly current: HTMLElement | null },
): LiveSession {
  const [state, setState] = useState<ViewerState>({ phase: 'connecting', isReconnect: false })
  const [stats, setStats] = useState<ViewerStats | null>(null)
  const [customerControls, setCustomerControls] = useState<CustomerControls>(CUSTOMER_ALLOWS_ALL)
  const [isWindowRestricted, setWindowRestricted] = useState(false)
  const [canRestart, setCanRestart] = useState(false)
  const session = useRef<ConsoleSession | null>(null)

  useEffect(() => {
    const container = screen.current
    const keyboardTarget = keys.current
    if (container === null || keyboardTarget === null) return
    const live = new ConsoleSession({
      url: consoleSocketUrl(sessionId),
      container,
      keyboardTarget,
      onState: setState,
      onStats: setStats,
      onCustomerControls: setCustomerControls,
      onWindowRestriction: setWindowRestricted,
      onRestartSupport: setCanRestart,
    })
    session.current = live
    live.start()
    return () => {
      session.current = null
      live.dispose()
    }
  }, [sessionId, screen, keys])

  return {
    state,
    stats,
    customerControls,
    isWindowRestricted,
    canRestart,
    session: session.current,
  }
}
