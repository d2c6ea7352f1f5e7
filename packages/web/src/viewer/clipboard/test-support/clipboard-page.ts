/** The browser test page for the clipboard: a `ConsoleSession` on the socket named by `?ws=`. */
import { ConsoleSession, type ViewerState } from '../../session/index'
import type { ClipboardTestApi } from './clipboard-page-api'

const container = document.getElementById('screen')
const keys = document.getElementById('keys')
const url = new URLSearchParams(location.search).get('ws')
if (container === null || keys === null || url === null) throw new Error('test page is incomplete')

const states: ViewerState[] = []
const session = new ConsoleSession({
  url,
  container,
  keyboardTarget: keys,
  onState: (state) => states.push(state),
})
session.start()

const api: ClipboardTestApi = {
  phase: () => states.at(-1)?.phase ?? 'none',
  state: () => session.clipboard.state,
}
window.clipboardTest = api
