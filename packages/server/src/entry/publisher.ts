/**
 * The publisher name customers should see in Windows' warning: the organisation (else the
 * common name) of the configured Authenticode certificate, read once; null when unsigned.
 */
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'

import type { Config } from '../config.js'

export function authenticodePublisher(config: Config): string | null {
  const file = config.agentDownloads?.authenticode?.certFile
  if (file === undefined) return null
  try {
    return publisherOf(new X509Certificate(readFileSync(file)).subject)
  } catch {
    // The downloads refuse to start with a bad certificate and say why; the page says less.
    return null
  }
}

/** O=, else CN=, from an X.509 subject as Node writes it (one `key=value` per line). */
export function publisherOf(subject: string): string | null {
  const fields = new Map(
    subject.split('\n').map((line) => {
      const at = line.indexOf('=')
      return [line.slice(0, at), line.slice(at + 1)] as const
    }),
  )
  return fields.get('O') ?? fields.get('CN') ?? null
}
