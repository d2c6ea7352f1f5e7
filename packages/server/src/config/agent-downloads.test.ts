import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('agent downloads', () => {
  it('defaults to the agent build output and a signing key made in DATA_DIR', () => {
    const config = load()
    expect(config.agentDownloads).toEqual({
      buildsDir: resolve(
        fileURLToPath(new URL('../../../agent/dist/executables', import.meta.url)),
      ),
      signingKey: { path: join(fixture.dir, 'agent-signing-key.pem'), generateIfMissing: true },
      authenticode: null,
    })
  })

  it('takes a builds folder, an Ed25519 key and an Authenticode pair', () => {
    const keyFile = join(fixture.dir, 'signing.pem')
    writeFileSync(
      keyFile,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    )
    const config = load({ AGENT_BUILDS_DIR: fixture.dir, AGENT_SIGNING_KEY: keyFile })
    expect(config.agentDownloads).toMatchObject({
      buildsDir: fixture.dir,
      signingKey: { path: keyFile, generateIfMissing: false },
    })
    const missing = load({ AGENT_BUILDS_DIR: join(fixture.dir, 'later') })
    expect(missing.warnings.join('\n')).toContain('does not exist yet')
  })

  it('refuses a key that is not Ed25519, a lone Authenticode half and unreadable files', () => {
    const rsa = join(fixture.dir, 'rsa.pem')
    writeFileSync(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    )
    expect(problems({ AGENT_SIGNING_KEY: rsa })).toEqual([
      `AGENT_SIGNING_KEY: "${rsa}" must hold an unencrypted Ed25519 private key in PEM`,
    ])
    expect(problems({ AUTHENTICODE_CERT: rsa })[0]).toMatch(/^AUTHENTICODE_KEY: .*go together/)
    expect(problems({ AUTHENTICODE_CERT: rsa, AUTHENTICODE_KEY: rsa })).toContain(
      `AUTHENTICODE_CERT: "${rsa}" does not hold a PEM certificate`,
    )
    expect(problems({ AGENT_BUILDS_DIR: rsa })).toEqual([
      `AGENT_BUILDS_DIR: "${rsa}" exists and is not a folder`,
    ])
    expect(problems({ AGENT_SIGNING_KEY: join(fixture.dir, 'nope.pem') })[0]).toMatch(/cannot read/)
  })
})
