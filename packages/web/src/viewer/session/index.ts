/** The console's side of a live support session, over the relay and end to end. */
export { ConsoleSession, type ConsoleSessionOptions, type PaintedDetail } from './console-session'
export { CUSTOMER_ALLOWS_ALL, type CustomerControls, EndedBy, type ViewerState } from './state'
export type { ViewerStats } from './stats'
