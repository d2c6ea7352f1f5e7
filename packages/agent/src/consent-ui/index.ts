/** The local consent window: what the agent's session code uses. */
export type {
  ApplicationsView,
  CodeProblem,
  ConsentView,
  CustomerAction,
  EndReason,
  FilesView,
  OfferView,
  OperatorActivity,
  Share,
  SharingControls,
  TransferView,
} from './consent-state.js'
export { type OpenBrowserResult, openBrowser } from './open-browser.js'
export type { Language } from './page-texts.js'
export { type ConsentUi, type ConsentUiOptions, startConsentUi } from './server.js'
