import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('TLS_CERT_FILE and TLS_KEY_FILE', () => {
  it('take both readable files', () => {
    const cert = join(fixture.dir, 'cert.pem')
    const key = join(fixture.dir, 'key.pem')
    writeFileSync(cert, 'c')
    writeFileSync(key, 'k')
    expect(load({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }).tls).toEqual({
      kind: 'files',
      certFile: cert,
      keyFile: key,
    })
  })

  it('refuse one without the other', () => {
    expect(problems({ TLS_CERT_FILE: join(fixture.dir, 'cert.pem') })).toEqual([
      'TLS_KEY_FILE: TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither for a self-signed certificate',
    ])
  })

  it('refuse files that are missing, unreadable or folders', () => {
    const missing = join(fixture.dir, 'missing.pem')
    const folder = fixture.dir
    expect(problems({ TLS_CERT_FILE: missing, TLS_KEY_FILE: folder })).toEqual([
      `TLS_CERT_FILE: cannot read "${missing}" (missing, or no permission)`,
      `TLS_KEY_FILE: "${folder}" is not a file`,
    ])
    if (process.getuid?.() !== 0) {
      const locked = join(fixture.dir, 'locked.pem')
      writeFileSync(locked, 'k')
      chmodSync(locked, 0o000)
      expect(problems({ TLS_CERT_FILE: locked, TLS_KEY_FILE: locked })).toHaveLength(2)
    }
  })
})
