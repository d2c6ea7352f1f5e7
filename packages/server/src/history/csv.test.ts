import { describe, expect, it } from 'vitest'

import { csvCell, csvHeader, csvRow, historyCsv } from './csv.js'
import type { HistoryRow } from './history.js'

const row: HistoryRow = {
  id: 'r1',
  operator: { id: 'o1', displayName: '佐藤, "Sato"' },
  method: 'code',
  state: 'ended',
  outcome: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-01T00:30:00.000Z',
  redeemedAt: null,
  startedAt: '2026-01-01T00:01:00.000Z',
  endedAt: '2026-01-01T00:10:00.000Z',
  customerIp: '2001:db8::1',
  operatorIp: '192.0.2.1',
  agentOs: '=HYPERLINK("http://evil")',
  customerEmail: 'kunde@example.com',
  deviceName: null,
}

describe('history CSV', () => {
  it('quotes cells with commas, quotes or line breaks', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
  })

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/)
    }
    expect(csvCell('=SUM(A1,A2)')).toBe(`"'=SUM(A1,A2)"`)
    expect(csvCell('2026-01-01')).toBe('2026-01-01')
  })

  it('starts with a BOM and a header, and ends every line with CRLF', async () => {
    expect(csvHeader().startsWith('\uFEFFid,created_at,')).toBe(true)
    expect(csvRow(row)).toBe(
      'r1,2026-01-01T00:00:00.000Z,2026-01-01T00:30:00.000Z,,2026-01-01T00:01:00.000Z,' +
        '2026-01-01T00:10:00.000Z,o1,"佐藤, ""Sato""",code,ended,completed,2001:db8::1,' +
        `192.0.2.1,"'=HYPERLINK(""http://evil"")",kunde@example.com,\r\n`,
    )
    const rows = Array.from({ length: 450 }, (_, i) => ({ ...row, id: `r${i}` }))
    let text = ''
    for await (const chunk of historyCsv(rows)) text += chunk
    expect(text.split('\r\n')).toHaveLength(452)
  })
})
