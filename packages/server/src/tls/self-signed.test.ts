import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { testConfig } from '../test-support/test-app.js'
import { loadTls, TlsError } from './load-tls.js'
import { CERTIFICATE_VALIDITY_DAYS, ensureSelfSignedCertificate } from './self-signed.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tasuke-tls-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const now = new Date('2026-03-01T00:00:00Z')
const DAY_MS = 86_400_000

describe('self-signed certificate', () => {
  it('is generated once for the public host and localhost, then reused', async () => {
    const tlsDir = join(dir, 'tls')
    const first = await ensureSelfSignedCertificate(tlsDir, 'support.example.com', now)
    expect(first.generatedBecause).toBe('none existed')
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600)

    const certificate = new X509Certificate(readFileSync(first.certFile))
    expect(certificate.subjectAltName).toBe(
      'DNS:support.example.com, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    )
    expect(certificate.fingerprint256).toBe(first.fingerprint256)
    expect(certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    const lifetime = new Date(certificate.validTo).getTime() - now.getTime()
    expect(Math.round(lifetime / DAY_MS)).toBe(CERTIFICATE_VALIDITY_DAYS)

    const second = await ensureSelfSignedCertificate(tlsDir, 'support.example.com', now)
    expect(second.generatedBecause).toBeNull()
    expect(second.fingerprint256).toBe(first.fingerprint256)
    expect(second.key).toBe(first.key)
  })

  it('names an IP address host as an IP', async () => {
    const made = await ensureSelfSignedCertificate(join(dir, 'ip'), '192.0.2.10', now)
    expect(new X509Certificate(made.cert).checkIP('192.0.2.10')).toBe('192.0.2.10')
  })

  it('is replaced when it does not name the public host, or is about to expire', async () => {
    const tlsDir = join(dir, 'replace')
    const first = await ensureSelfSignedCertificate(tlsDir, 'localhost', now)
    const moved = await ensureSelfSignedCertificate(tlsDir, 'support.example.com', now)
    expect(moved.generatedBecause).toBe('the old one did not name support.example.com')
    expect(moved.fingerprint256).not.toBe(first.fingerprint256)

    const later = new Date(now.getTime() + (CERTIFICATE_VALIDITY_DAYS - 1) * DAY_MS)
    const renewed = await ensureSelfSignedCertificate(tlsDir, 'support.example.com', later)
    expect(renewed.generatedBecause).toBe('the old one expired')
  })

  it('is replaced when the saved files are damaged', async () => {
    const tlsDir = join(dir, 'damaged')
    const first = await ensureSelfSignedCertificate(tlsDir, 'localhost', now)
    writeFileSync(first.keyFile, 'garbage')
    const again = await ensureSelfSignedCertificate(tlsDir, 'localhost', now)
    expect(again.generatedBecause).toBe('the saved files were unreadable')
  })
})

describe('loadTls', () => {
  it('uses <DATA_DIR>/tls for the self-signed default', async () => {
    const config = testConfig({
      dataDir: join(dir, 'data'),
      publicUrl: new URL('https://localhost:8443'),
    })
    const tls = await loadTls(config, now)
    expect(tls.isSelfSigned).toBe(true)
    expect(tls.certFile).toBe(join(dir, 'data', 'tls', 'cert.pem'))
  })

  it('reads configured files and checks that the key belongs to the certificate', async () => {
    const a = await ensureSelfSignedCertificate(join(dir, 'a'), 'a.example', now)
    const b = await ensureSelfSignedCertificate(join(dir, 'b'), 'b.example', now)
    const files = (certFile: string, keyFile: string) =>
      testConfig({ tls: { kind: 'files', certFile, keyFile } })

    const loaded = await loadTls(files(a.certFile, a.keyFile), now)
    expect(loaded).toMatchObject({ isSelfSigned: false, fingerprint256: a.fingerprint256 })

    await expect(loadTls(files(a.certFile, b.keyFile), now)).rejects.toThrow(
      new TlsError(`TLS_KEY_FILE ${b.keyFile} is not the key of ${a.certFile}`),
    )
    await expect(loadTls(files(a.keyFile, a.keyFile), now)).rejects.toThrow(
      new TlsError(`TLS_CERT_FILE ${a.keyFile} does not hold a PEM certificate`),
    )
  })
})
