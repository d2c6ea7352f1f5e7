/** Serving the customer's program (docs/configuration.md "Agent downloads"). */
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { type Fail, type Get, readableFile } from './parse-helpers.js'

export interface AgentDownloadsConfig {
  /** Where `npm run build:exe -w @tasuke/agent` put the executables. */
  readonly buildsDir: string
  /** Ed25519 private key (PEM) that signs every download; generated when the default. */
  readonly signingKey: { readonly path: string; readonly generateIfMissing: boolean }
  /** Certificate and key (PEM) osslsigncode signs the Windows build with; null: unsigned. */
  readonly authenticode: { readonly certFile: string; readonly keyFile: string } | null
}

/** build-executable.ts writes here unless given --out. */
export const DEFAULT_AGENT_BUILDS_DIR = fileURLToPath(
  new URL('../../../agent/dist/executables', import.meta.url),
)

/** The agent-download settings of a configuration that names none. */
export function agentDownloadsDefaults(dataDir: string): AgentDownloadsConfig {
  return {
    buildsDir: DEFAULT_AGENT_BUILDS_DIR,
    signingKey: { path: join(dataDir, 'agent-signing-key.pem'), generateIfMissing: true },
    authenticode: null,
  }
}

export function parseAgentDownloads(
  get: Get,
  dataDir: string,
  fail: Fail,
  warnings: string[],
): AgentDownloadsConfig {
  const defaults = agentDownloadsDefaults(dataDir)
  const buildsText = get('AGENT_BUILDS_DIR')
  const buildsDir = buildsText === undefined ? defaults.buildsDir : resolve(buildsText)
  if (existsSync(buildsDir) && !statSync(buildsDir).isDirectory()) {
    fail('AGENT_BUILDS_DIR', `"${buildsDir}" exists and is not a folder`)
  } else if (buildsText !== undefined && !existsSync(buildsDir)) {
    // Builds may come after the start; downloads answer 503 until they do.
    warnings.push(
      `AGENT_BUILDS_DIR ${buildsDir} does not exist yet: no agent downloads until it does`,
    )
  }

  const keyText = get('AGENT_SIGNING_KEY')
  let signingKey = defaults.signingKey
  if (keyText !== undefined) {
    const path = readableFile('AGENT_SIGNING_KEY', keyText, fail)
    signingKey = { path, generateIfMissing: false }
    if (existsSync(path) && keyTypeOf(path) !== 'ed25519') {
      fail('AGENT_SIGNING_KEY', `"${path}" must hold an unencrypted Ed25519 private key in PEM`)
    }
  }

  const cert = get('AUTHENTICODE_CERT')
  const key = get('AUTHENTICODE_KEY')
  if (cert === undefined && key === undefined) return { buildsDir, signingKey, authenticode: null }
  if (cert === undefined || key === undefined) {
    fail(
      cert === undefined ? 'AUTHENTICODE_CERT' : 'AUTHENTICODE_KEY',
      'AUTHENTICODE_CERT and AUTHENTICODE_KEY go together: set both, or neither to serve the Windows agent unsigned',
    )
    return { buildsDir, signingKey, authenticode: null }
  }
  const certFile = readableFile('AUTHENTICODE_CERT', cert, fail)
  const keyFile = readableFile('AUTHENTICODE_KEY', key, fail)
  checkAuthenticodePair(certFile, keyFile, fail)
  if (!isOnPath('osslsigncode')) {
    fail(
      'AUTHENTICODE_CERT',
      'signing the Windows agent needs osslsigncode, which is not on PATH (Debian: apt-get install osslsigncode)',
    )
  }
  return { buildsDir, signingKey, authenticode: { certFile, keyFile } }
}

function keyTypeOf(path: string): string | undefined {
  try {
    return createPrivateKey(readFileSync(path)).asymmetricKeyType
  } catch {
    return undefined
  }
}

function checkAuthenticodePair(certFile: string, keyFile: string, fail: Fail): void {
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(readFileSync(certFile))
  } catch {
    fail('AUTHENTICODE_CERT', `"${certFile}" does not hold a PEM certificate`)
    return
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))) {
      fail('AUTHENTICODE_KEY', `"${keyFile}" is not the key of AUTHENTICODE_CERT`)
    }
  } catch {
    fail('AUTHENTICODE_KEY', `"${keyFile}" does not hold an unencrypted PEM private key`)
  }
}

function isOnPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}
