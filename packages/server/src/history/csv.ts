/**
 * The connection history as CSV for spreadsheets (RFC 4180: CRLF, fields quoted when needed,
 * UTF-8 with a BOM so Excel reads Japanese names). A cell that a spreadsheet would run as a
 * formula (= + - @, tab, carriage return) gets a leading apostrophe.
 */
import type { HistoryRow } from './history.js'

export const CSV_BOM = '\uFEFF'

const COLUMNS: ReadonlyArray<readonly [header: string, value: (row: HistoryRow) => string | null]> =
  [
    ['id', (r) => r.id],
    ['created_at', (r) => r.createdAt],
    ['expires_at', (r) => r.expiresAt],
    ['redeemed_at', (r) => r.redeemedAt],
    ['started_at', (r) => r.startedAt],
    ['ended_at', (r) => r.endedAt],
    ['operator_id', (r) => r.operator.id],
    ['operator_name', (r) => r.operator.displayName],
    ['method', (r) => r.method],
    ['state', (r) => r.state],
    ['outcome', (r) => r.outcome],
    ['customer_ip', (r) => r.customerIp],
    ['operator_ip', (r) => r.operatorIp],
    ['agent_os', (r) => r.agentOs],
    ['customer_email', (r) => r.customerEmail],
    ['device_name', (r) => r.deviceName],
  ]

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function csvCell(value: string | null): string {
  if (value === null || value === '') return ''
  const guarded = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded
}

function csvLine(cells: ReadonlyArray<string | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

export function csvHeader(): string {
  return CSV_BOM + csvLine(COLUMNS.map(([header]) => header))
}

export function csvRow(row: HistoryRow): string {
  return csvLine(COLUMNS.map(([, value]) => value(row)))
}

/** The whole document, chunk by chunk: header first, then a chunk per batch of rows. */
export async function* historyCsv(
  rows: AsyncIterable<HistoryRow> | Iterable<HistoryRow>,
): AsyncGenerator<string> {
  yield csvHeader()
  let chunk = ''
  let count = 0
  for await (const row of rows) {
    chunk += csvRow(row)
    if (++count % 200 === 0) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}
