/**
 * Reads back a message as an SMTP listener received it: the subject (RFC 2047 words decoded)
 * and the text and HTML parts of a multipart/alternative body (base64 or quoted-printable).
 */
export interface ReadMessage {
  readonly raw: string
  readonly subject: string
  readonly text: string
  readonly html: string
  /** The message's Content-Type, then each part's. */
  readonly contentTypes: readonly string[]
}

/** Headers and the decoded parts of a (multipart/alternative) message. */
export function readMessage(raw: string): ReadMessage {
  const { headers, body } = splitHeaders(raw)
  const type = headers.get('content-type') ?? 'text/plain'
  const parts = partsOf(type, body)
  const find = (kind: string) =>
    parts.find((p) => p.type.toLowerCase().startsWith(kind))?.content ?? ''
  return {
    raw,
    subject: decodeWords(headers.get('subject') ?? ''),
    text: find('text/plain'),
    html: find('text/html'),
    contentTypes: [type, ...parts.map((p) => p.type)],
  }
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/)
  const head = at < 0 ? raw : raw.slice(0, at)
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '')
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function partsOf(type: string, body: string): Array<{ type: string; content: string }> {
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (boundary === undefined) return []
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .flatMap((chunk) => {
      const { headers, body: content } = splitHeaders(chunk.replace(/^\r?\n/, ''))
      const partType = headers.get('content-type') ?? 'text/plain'
      if (/^multipart\//i.test(partType)) return partsOf(partType, content)
      const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
      return [{ type: partType, content: decodeBody(content, encoding) }]
    })
}

function decodeBody(content: string, encoding: string): string {
  if (encoding === 'base64')
    return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(content)
  return content
}

function decodeQuotedPrintable(content: string): string {
  const soft = content.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3)
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n')
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), adjacent ones joined. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_whole, _charset, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    )
}
