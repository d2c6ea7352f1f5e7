/** The certificate the server listens with: the configured files, or the self-signed default. */
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { Config } from '../config.js'
import { ensureSelfSignedCertificate } from './self-signed.js'

export interface TlsMaterial {
  readonly cert: string
  readonly key: string
  readonly certFile: string
  readonly fingerprint256: string
  readonly isSelfSigned: boolean
  /** Set when a self-signed certificate was generated at this start, with the reason. */
  readonly generatedBecause: string | null
}

export class TlsError extends Error {
  override readonly name = 'TlsError'
}

export async function loadTls(config: Config, now: Date): Promise<TlsMaterial> {
  if (config.tls.kind === 'self-signed') {
    const created = await ensureSelfSignedCertificate(
      join(config.dataDir, 'tls'),
      config.publicUrl.hostname,
      now,
    )
    return { ...created, isSelfSigned: true }
  }
  const { certFile, keyFile } = config.tls
  const cert = readFileSync(certFile, 'utf8')
  const key = readFileSync(keyFile, 'utf8')
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(cert)
  } catch {
    throw new TlsError(`TLS_CERT_FILE ${certFile} does not hold a PEM certificate`)
  }
  let matches: boolean
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(key))
  } catch {
    throw new TlsError(`TLS_KEY_FILE ${keyFile} does not hold an unencrypted PEM private key`)
  }
  if (!matches) throw new TlsError(`TLS_KEY_FILE ${keyFile} is not the key of ${certFile}`)
  return {
    cert,
    key,
    certFile,
    fingerprint256: certificate.fingerprint256,
    isSelfSigned: false,
    generatedBecause: null,
  }
}
