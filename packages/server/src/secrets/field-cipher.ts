/**
 * AES-256-GCM for single stored fields. The stored text is `v1.<iv>.<ciphertext+tag>` in
 * base64url; the purpose is bound as additional data, so a value encrypted as an e-mail
 * address cannot be passed off as a chat line even under the same key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

export class FieldCipherError extends Error {
  override readonly name = 'FieldCipherError'
}

export interface FieldCipher {
  encrypt(plain: string): string
  decrypt(stored: string): string
}

export function createFieldCipher(key: Uint8Array, purpose: string): FieldCipher {
  if (key.length !== 32) throw new FieldCipherError('a field key must be 32 bytes')
  const aad = Buffer.from(`tasuke/${purpose}`, 'utf8')
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(aad)
      const body = Buffer.concat([
        cipher.update(plain, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ])
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`
    },
    decrypt(stored) {
      const [version, ivText, bodyText] = stored.split('.')
      if (version !== VERSION || ivText === undefined || bodyText === undefined) {
        throw new FieldCipherError('stored value is not a v1 field ciphertext')
      }
      const iv = Buffer.from(ivText, 'base64url')
      const body = Buffer.from(bodyText, 'base64url')
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
        throw new FieldCipherError('stored value is truncated')
      }
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAAD(aad)
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8')
      } catch (cause) {
        throw new FieldCipherError('stored value failed authentication (wrong key or tampered)', {
          cause,
        })
      }
    },
  }
}
