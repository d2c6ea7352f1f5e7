/** The browser test page for the clipboard: a `ConsoleSession` on the socket named by `?ws=`. */
import { startPageSession } from '../../test-support/page-session'
import type { ClipboardTestApi } from './clipboard-page-api'

const { session, states } = startPageSession()

const api: ClipboardTestApi = {
  phase: () => states.at(-1)?.phase ?? 'none',
  state: () => session.clipboard.state,
}
window.clipboardTest = api
