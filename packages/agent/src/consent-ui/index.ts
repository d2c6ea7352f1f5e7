/** The local consent window: what the agent's session code uses. */
export type {
  CodeProblem,
  ConsentView,
  CustomerAction,
  EndReason,
  OperatorActivity,
  Share,
  SharingControls,
} from './consent-state.js'
export { type OpenBrowserResult, openBrowser } from './open-browser.js'
export type { Language } from './page-texts.js'
export { type ConsentUi, type ConsentUiOptions, startConsentUi } from './server.js'
