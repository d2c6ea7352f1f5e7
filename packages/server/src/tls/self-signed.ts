/**
 * The embedded default's certificate: generated on first start for the PUBLIC_URL host plus
 * localhost, saved in <DATA_DIR>/tls and reused afterwards, so its fingerprint stays the same
 * (the agent can pin it). Replaced only when it no longer fits (expired, other host, bad key).
 */
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import ipaddr from 'ipaddr.js'
import { generate } from 'selfsigned'

export const CERTIFICATE_VALIDITY_DAYS = 825
const DAY_MS = 86_400_000
/** Renew a little before expiry so a restart never serves a certificate about to lapse. */
const RENEW_BEFORE_DAYS = 7

export interface SelfSignedCertificate {
  readonly cert: string
  readonly key: string
  readonly certFile: string
  readonly keyFile: string
  /** SHA-256 of the DER certificate, colon-separated upper-case hex. */
  readonly fingerprint256: string
  /** Null when an existing certificate was reused; otherwise why a new one was made. */
  readonly generatedBecause: string | null
}

export async function ensureSelfSignedCertificate(
  dir: string,
  publicHost: string,
  now: Date,
): Promise<SelfSignedCertificate> {
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  const host = publicHost.replace(/^\[|\]$/g, '')
  const existing = readPair(certFile, keyFile)
  const problem = existing === null ? 'none existed' : unfitness(existing, host, now)
  if (existing !== null && problem === null) {
    return {
      ...existing,
      certFile,
      keyFile,
      generatedBecause: null,
      fingerprint256: fingerprint(existing.cert),
    }
  }
  const created = await createCertificate(host, now)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeAtomically(keyFile, created.key, 0o600)
  writeAtomically(certFile, created.cert, 0o644)
  return {
    ...created,
    certFile,
    keyFile,
    fingerprint256: fingerprint(created.cert),
    generatedBecause: problem,
  }
}

export function fingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256
}

function readPair(certFile: string, keyFile: string): { cert: string; key: string } | null {
  try {
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') }
  } catch {
    return null
  }
}

/** Why an existing certificate cannot be used, or null when it can. */
function unfitness(pair: { cert: string; key: string }, host: string, now: Date): string | null {
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(pair.cert)
    if (!certificate.checkPrivateKey(createPrivateKey(pair.key))) return 'the key did not match'
  } catch {
    return 'the saved files were unreadable'
  }
  if (new Date(certificate.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) {
    return 'the old one expired'
  }
  const covers = ipaddr.isValid(host)
    ? certificate.checkIP(host) !== undefined
    : certificate.checkHost(host) !== undefined
  return covers ? null : `the old one did not name ${host}`
}

async function createCertificate(host: string, now: Date): Promise<{ cert: string; key: string }> {
  const names = [...new Set([host, 'localhost', '127.0.0.1', '::1'])]
  const altNames = names.map((name) =>
    ipaddr.isValid(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
  )
  const result = await generate([{ name: 'commonName', value: host }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // An hour of slack for clients whose clocks run a little behind.
    notBeforeDate: new Date(now.getTime() - 3_600_000),
    notAfterDate: new Date(now.getTime() + CERTIFICATE_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
  return { cert: result.cert, key: result.private }
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(temporary, text, { mode, flag: 'wx' })
  renameSync(temporary, path)
}
