/** The certificate the server listens with: PEM files, or self-signed in DATA_DIR. */
import { type Fail, readableFile } from './parse-helpers.js'

export type TlsSource =
  | { readonly kind: 'files'; readonly certFile: string; readonly keyFile: string }
  | { readonly kind: 'self-signed' }

export function parseTls(cert: string | undefined, key: string | undefined, fail: Fail): TlsSource {
  if (cert === undefined && key === undefined) return { kind: 'self-signed' }
  if (cert === undefined || key === undefined) {
    const missing = cert === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE'
    fail(
      missing,
      'TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither for a self-signed certificate',
    )
    return { kind: 'self-signed' }
  }
  const certFile = readableFile('TLS_CERT_FILE', cert, fail)
  const keyFile = readableFile('TLS_KEY_FILE', key, fail)
  return { kind: 'files', certFile, keyFile }
}
