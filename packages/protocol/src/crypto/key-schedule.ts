/**
 * From one side's private key and the transcript to its session keys (SPEC.md H5–H7):
 * ECDH P-256 shared secret → HKDF-SHA-256 with salt = SHA-256(transcript) → one
 * AES-256-GCM key per direction, non-extractable, plus the verification code.
 * @module
 */
import { toBufferSource, utf8 } from '../bytes.js'
import { HandshakeError, HandshakeErrorReason } from '../errors.js'
import { buildTranscript, PeerRole, sha256, type TranscriptParts } from './transcript.js'
import { deriveVerificationCode } from './verification-code.js'

/** HKDF `info` labels of the two direction keys. */
export const KEY_INFO = {
  agentToConsole: 'tasuke/e2e/v1/agent-to-console',
  consoleToAgent: 'tasuke/e2e/v1/console-to-agent',
} as const

/** What a completed handshake gives one side. */
export interface HandshakeResult {
  /** Seals what this side sends (usage `encrypt` only). */
  readonly sendKey: CryptoKey
  /** Opens what the other side sends (usage `decrypt` only). */
  readonly receiveKey: CryptoKey
  /** Six digits to compare with the other person; see `formatVerificationCode`. */
  readonly verificationCode: string
  /** SHA-256 of the handshake transcript, identical on both sides. */
  readonly transcriptHash: Uint8Array
}

/** Derives `role`'s keys. `privateKey` is `role`'s ECDH key; the peer's key is in `parts`. */
export async function deriveSessionKeys(
  role: PeerRole,
  privateKey: CryptoKey,
  parts: TranscriptParts,
): Promise<HandshakeResult> {
  const peerKeyBytes = role === PeerRole.Agent ? parts.consolePublicKey : parts.agentPublicKey
  const peerKey = await importPublicKey(peerKeyBytes)
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerKey }, privateKey, 256)
  const secret = await crypto.subtle.importKey('raw', shared, 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ])
  const transcriptHash = await sha256(buildTranscript(parts))
  const isAgent = role === PeerRole.Agent
  const [agentToConsole, consoleToAgent, verificationCode] = await Promise.all([
    directionKey(secret, transcriptHash, KEY_INFO.agentToConsole, isAgent ? 'encrypt' : 'decrypt'),
    directionKey(secret, transcriptHash, KEY_INFO.consoleToAgent, isAgent ? 'decrypt' : 'encrypt'),
    deriveVerificationCode(secret, transcriptHash),
  ])
  return {
    sendKey: isAgent ? agentToConsole : consoleToAgent,
    receiveKey: isAgent ? consoleToAgent : agentToConsole,
    verificationCode,
    transcriptHash,
  }
}

function directionKey(
  secret: CryptoKey,
  salt: Uint8Array<ArrayBuffer>,
  info: string,
  usage: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) },
    secret,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  )
}

async function importPublicKey(bytes: Uint8Array): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey(
      'raw',
      toBufferSource(bytes),
      { name: 'ECDH', namedCurve: 'P-256' },
      false,
      [],
    )
  } catch (error) {
    throw new HandshakeError(
      HandshakeErrorReason.InvalidPublicKey,
      'peer public key is not a P-256 point',
      { cause: error },
    )
  }
}
