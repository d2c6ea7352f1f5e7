/** The console's side of a live support session, over the relay and end to end. */
export { ConsoleSession, type ConsoleSessionOptions, type PaintedDetail } from './console-session'
export { EndedBy, type ViewerState } from './state'
export type { ViewerStats } from './stats'
