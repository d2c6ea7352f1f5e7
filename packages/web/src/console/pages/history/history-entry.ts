/**
 * One row of GET /history as this page reads it: the console's HistoryRow and the address an
 * e-mail invitation was sent to (null for sessions not started by one).
 */
import type { HistoryRow } from '../../types'

export interface HistoryEntry extends HistoryRow {
  readonly customerEmail: string | null
}
