/**
 * Connects the consent window's "applications to show" section with the window restriction
 * (SPEC.md P10): the window lists the open applications and the choice, kept current as
 * windows open and close; the customer's choice there is applied at once.
 * @module
 */
import type { ConsentUi } from '../consent-ui/index.js'
import type { WindowRestriction } from '../windows/window-restriction.js'

/** Starts showing and applying the choice; returns the function that stops it. */
export function linkApplicationChoice(ui: ConsentUi, restriction: WindowRestriction): () => void {
  let shown = ''
  const show = () => {
    const { mode, chosen, applications } = restriction.choice()
    const choice = {
      mode,
      chosen,
      applications: applications.map(({ id, title }) => ({ id, title })),
    }
    // Windows move often; the page is told only when what it shows changed.
    const serialised = JSON.stringify(choice)
    if (serialised === shown) return
    shown = serialised
    ui.showApplications(choice)
  }
  const stopWatching = restriction.onChange(show)
  const stopListening = ui.onAction((action) => {
    if (action.type === 'set-shown-applications') restriction.setChoice(action.mode, action.chosen)
  })
  show()
  return () => {
    stopWatching()
    stopListening()
  }
}
