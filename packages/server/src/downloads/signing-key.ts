/**
 * The Ed25519 key that signs every agent download (DESIGN.md "Agent downloads"): read from
 * AGENT_SIGNING_KEY, or generated beside the data keys on first use (mode 0600, written so
 * that a concurrent start never replaces a key already there).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface SigningKey {
  readonly privateKey: KeyObject
  /** SPKI PEM, published in the manifest. */
  readonly publicKeyPem: string
  /** True when the file was created just now (the caller warns to back it up). */
  readonly generated: boolean
}

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError'
}

export function loadSigningKey(path: string, generateIfMissing: boolean): SigningKey {
  let pem: Buffer
  try {
    pem = readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SigningKeyError(
        `cannot read the agent signing key ${path}: ${(error as Error).message}`,
      )
    }
    if (!generateIfMissing)
      throw new SigningKeyError(`the agent signing key ${path} does not exist`)
    return generate(path)
  }
  return fromPem(pem, path, false)
}

function fromPem(pem: Buffer | string, path: string, generated: boolean): SigningKey {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(pem)
  } catch {
    throw new SigningKeyError(`${path} does not hold an unencrypted PEM private key`)
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`${path} must hold an Ed25519 key`)
  }
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString()
  return { privateKey, publicKeyPem, generated }
}

function generate(path: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519')
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    writeFileSync(temporary, pem, { mode: 0o600, flag: 'wx' })
    linkSync(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new SigningKeyError(
        `cannot write the agent signing key ${path}: ${(error as Error).message}`,
      )
    }
    return fromPem(readFileSync(path), path, false)
  } finally {
    try {
      unlinkSync(temporary)
    } catch {
      // nothing was written
    }
  }
  return fromPem(pem, path, true)
}
