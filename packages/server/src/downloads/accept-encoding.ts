/** Picks the encoding of a download from Accept-Encoding: brotli, then gzip, else none. */
export type TransferEncoding = 'br' | 'gzip' | 'identity'

export function pickEncoding(header: string | undefined): TransferEncoding {
  if (header === undefined) return 'identity'
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    const weight = q === undefined ? 1 : Number(q)
    if (name !== '' && Number.isFinite(weight)) weights.set(name.trim(), weight)
  }
  const weightOf = (name: string) => weights.get(name) ?? weights.get('*') ?? 0
  if (weightOf('br') > 0) return 'br'
  if (weightOf('gzip') > 0 || (weights.get('x-gzip') ?? 0) > 0) return 'gzip'
  return 'identity'
}
