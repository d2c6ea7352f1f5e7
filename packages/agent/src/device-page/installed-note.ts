/**
 * The installed agent's consent window carries one line: for which company the computer is
 * installed, with a link to "About this computer" (consent-state.ts InstalledNote). This
 * wraps the window so that every view the session shows carries it.
 * @module
 */
import type { InstalledNote } from '../consent-ui/consent-state.js'
import type { ConsentUi, ConsentView } from '../consent-ui/index.js'

/** The view with the note, on the views that can carry one. */
export function withNote(view: ConsentView, note: InstalledNote | null): ConsentView {
  if (note === null) return view
  switch (view.type) {
    case 'connecting':
    case 'ask-consent':
    case 'connected':
      return { ...view, installed: note }
    case 'ask-code':
    case 'ended':
    case 'declined':
    case 'error':
      return view
  }
}

/** The window the session sees: every view it shows carries the note. */
export function withInstalledNote(ui: ConsentUi, note: InstalledNote | null): ConsentUi {
  if (note === null) return ui
  return {
    url: ui.url,
    update: (view) => {
      ui.update(withNote(view, note))
    },
    showApplications: (choice) => {
      ui.showApplications(choice)
    },
    onAction: (handler) => ui.onAction(handler),
    close: () => ui.close(),
  }
}
