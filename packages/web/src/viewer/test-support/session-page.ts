/** The browser test page for the session layer: a `ConsoleSession` on the socket named by `?ws=`. */
import type { PaintedDetail } from '../session/index'
import { startPageSession } from './page-session'
import type { SessionTestApi } from './session-page-api'

const painted: PaintedDetail[] = []
document.addEventListener('tasuke:painted', (event) => {
  if (event instanceof CustomEvent) painted.push(event.detail as PaintedDetail)
})
const { session, container, states } = startPageSession()

const api: SessionTestApi = {
  states,
  painted,
  phase: () => states.at(-1)?.phase ?? 'none',
  verificationCode: () => container.dataset['verificationCode'] ?? null,
  pixel: (x, y) => {
    const context = session.display.canvas.getContext('2d')
    if (context === null) throw new Error('no 2D context')
    return [...context.getImageData(x, y, 1, 1).data]
  },
  end: () => session.end(),
  selectScreen: (screen) => {
    session.selectScreen(screen)
  },
}
window.sessionTest = api
