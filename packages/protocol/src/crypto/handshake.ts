/**
 * The end-to-end handshake between agent and console, relayed as plaintext `Handshake`
 * frames (SPEC.md H1–H3):
 *
 *     agent   → console  handshake-commit  SHA-256(label ‖ version ‖ agent key ‖ agent nonce)
 *     console → agent    handshake-hello   console key, console nonce
 *     agent   → console  handshake-hello   agent key, agent nonce (the console checks the commitment)
 *
 * The commitment stops a relay in the middle from trying key after key until the two
 * six-digit verification codes collide: it must fix one side's transcript before it learns
 * the other's.
 * @module
 */
import { bytesEqual } from '../bytes.js'
import { HandshakeError, HandshakeErrorReason } from '../errors.js'
import type { HandshakeCommit, HandshakeHello } from '../messages/peer.js'
import { decodeBase64Url, encodeBase64Url } from './base64url.js'
import { deriveSessionKeys, type HandshakeResult } from './key-schedule.js'
import {
  buildCommitmentInput,
  NONCE_BYTES,
  PeerRole,
  PUBLIC_KEY_BYTES,
  sha256,
} from './transcript.js'

/** The agent's side: send `commit` first, then hand the console's hello in. */
export interface AgentHandshake {
  /** The first handshake message; send it as soon as the console has joined. */
  readonly commit: HandshakeCommit
  /** Handles the console's hello: returns the agent's hello to send and the agent's keys. */
  handleConsoleHello(
    hello: HandshakeHello,
  ): Promise<{ readonly reveal: HandshakeHello; readonly result: HandshakeResult }>
}

/** The console's side: it reveals its key only once it holds the agent's commitment. */
export interface ConsoleHandshake {
  /** Handles the agent's commitment: returns the console's hello to send. */
  handleAgentCommit(commit: HandshakeCommit): HandshakeHello
  /** Handles the agent's hello: checks it against the commitment, returns the console's keys. */
  handleAgentHello(hello: HandshakeHello): Promise<HandshakeResult>
}

/** One side's fresh key pair and nonce, used for one handshake only. */
export interface Ephemeral {
  readonly privateKey: CryptoKey
  readonly publicKey: Uint8Array
  readonly nonce: Uint8Array
}

/** Starts the agent's side with a fresh ephemeral key and nonce. */
export async function startAgentHandshake(): Promise<AgentHandshake> {
  return agentHandshakeFrom(await generateEphemeral())
}

/** Starts the console's side with a fresh ephemeral key and nonce. */
export async function startConsoleHandshake(): Promise<ConsoleHandshake> {
  return consoleHandshakeFrom(await generateEphemeral())
}

/** The agent's side from a given ephemeral (tests use fixed ones; use {@link startAgentHandshake}). */
export async function agentHandshakeFrom(own: Ephemeral): Promise<AgentHandshake> {
  const commitment = await sha256(buildCommitmentInput(own.publicKey, own.nonce))
  let isUsed = false
  return {
    commit: { type: 'handshake-commit', commitment: encodeBase64Url(commitment) },
    async handleConsoleHello(hello) {
      if (isUsed) throw unexpected('the agent already handled a console hello')
      isUsed = true
      const peer = readHello(hello, own)
      const result = await deriveSessionKeys(PeerRole.Agent, own.privateKey, {
        agentPublicKey: own.publicKey,
        agentNonce: own.nonce,
        consolePublicKey: peer.publicKey,
        consoleNonce: peer.nonce,
      })
      return { reveal: toHello(own), result }
    },
  }
}

/** The console's side from a given ephemeral (tests use fixed ones; use {@link startConsoleHandshake}). */
export function consoleHandshakeFrom(own: Ephemeral): ConsoleHandshake {
  let commitment: Uint8Array | undefined
  let isDone = false
  return {
    handleAgentCommit(commit) {
      if (commitment !== undefined || isDone)
        throw unexpected('the console already has a commitment')
      const bytes = decodeBase64Url(commit.commitment)
      if (bytes?.byteLength !== 32) {
        throw new HandshakeError(HandshakeErrorReason.InvalidNonce, 'commitment is not 32 bytes')
      }
      commitment = bytes
      return toHello(own)
    },
    async handleAgentHello(hello) {
      const committed = commitment
      if (committed === undefined || isDone)
        throw unexpected('no commitment to check the hello against')
      isDone = true
      const peer = readHello(hello, own)
      const actual = await sha256(buildCommitmentInput(peer.publicKey, peer.nonce))
      if (!bytesEqual(actual, committed)) {
        throw new HandshakeError(
          HandshakeErrorReason.CommitmentMismatch,
          "the agent's key and nonce do not match its commitment",
        )
      }
      return deriveSessionKeys(PeerRole.Console, own.privateKey, {
        agentPublicKey: peer.publicKey,
        agentNonce: peer.nonce,
        consolePublicKey: own.publicKey,
        consoleNonce: own.nonce,
      })
    },
  }
}

async function generateEphemeral(): Promise<Ephemeral> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, [
    'deriveBits',
  ])
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
  return { privateKey: pair.privateKey, publicKey, nonce }
}

function toHello(own: Ephemeral): HandshakeHello {
  return {
    type: 'handshake-hello',
    publicKey: encodeBase64Url(own.publicKey),
    nonce: encodeBase64Url(own.nonce),
  }
}

function readHello(
  hello: HandshakeHello,
  own: Ephemeral,
): { publicKey: Uint8Array; nonce: Uint8Array } {
  const publicKey = decodeBase64Url(hello.publicKey)
  if (publicKey?.byteLength !== PUBLIC_KEY_BYTES || publicKey[0] !== 0x04) {
    throw new HandshakeError(
      HandshakeErrorReason.InvalidPublicKey,
      'public key is not a raw uncompressed P-256 point',
    )
  }
  const nonce = decodeBase64Url(hello.nonce)
  if (nonce?.byteLength !== NONCE_BYTES) {
    throw new HandshakeError(HandshakeErrorReason.InvalidNonce, 'nonce is not 32 bytes')
  }
  if (bytesEqual(publicKey, own.publicKey)) {
    throw new HandshakeError(HandshakeErrorReason.Reflected, 'the peer sent back our own key')
  }
  return { publicKey, nonce }
}

function unexpected(message: string): HandshakeError {
  return new HandshakeError(HandshakeErrorReason.UnexpectedMessage, message)
}
