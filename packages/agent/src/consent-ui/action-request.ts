/**
 * The body the consent page posts when the customer clicks: parsed and validated here, since
 * anything on the machine can post to the local port.
 * @module
 */
import { FILE_PATH_MAX_LENGTH, SESSION_CODE_MAX_INPUT_LENGTH } from '@tasuke/protocol'

import type { CustomerRequest } from './consent-state.js'

/** Bodies past this size are refused (an `offer-file` path may take up to the next limit). */
export const MAX_ACTION_BODY_BYTES = 4096

/** Bodies past this size are refused unread: an `offer-file` with the longest path fits. */
export const MAX_READ_BODY_BYTES = 16_384

/** At most this many applications in one choice; ids are short tokens the agent made. */
const MAX_CHOSEN_APPLICATIONS = 64
const APP_ID = /^[A-Za-z0-9_-]{1,64}$/

/** A request together with the revision of the view the customer saw when clicking. */
export interface ActionRequest {
  readonly revision: number
  readonly request: CustomerRequest
}

/** Parses a posted body; `null` for anything that is not exactly a known request. */
export function parseActionRequest(body: string): ActionRequest | null {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  const { type, revision } = record
  if (type !== 'offer-file' && new TextEncoder().encode(body).byteLength > MAX_ACTION_BODY_BYTES) {
    return null
  }
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) return null
  const keys = Object.keys(record).sort().join(',')
  switch (type) {
    case 'submit-code': {
      const { code } = record
      if (keys !== 'code,revision,type') return null
      if (typeof code !== 'string' || code.length > SESSION_CODE_MAX_INPUT_LENGTH) return null
      return { revision, request: { type, code } }
    }
    case 'set-paused': {
      const { paused } = record
      if (keys !== 'paused,revision,type' || typeof paused !== 'boolean') return null
      return { revision, request: { type, paused } }
    }
    case 'set-view-only': {
      const { viewOnly } = record
      if (keys !== 'revision,type,viewOnly' || typeof viewOnly !== 'boolean') return null
      return { revision, request: { type, viewOnly } }
    }
    case 'set-clipboard-shared': {
      const { shared } = record
      if (keys !== 'revision,shared,type' || typeof shared !== 'boolean') return null
      return { revision, request: { type, shared } }
    }
    case 'cancel-transfer': {
      const { transferId } = record
      if (keys !== 'revision,transferId,type') return null
      if (typeof transferId !== 'number' || !Number.isSafeInteger(transferId) || transferId < 0) {
        return null
      }
      return { revision, request: { type, transferId } }
    }
    case 'set-file-browsing': {
      const { allowed } = record
      if (keys !== 'allowed,revision,type' || typeof allowed !== 'boolean') return null
      return { revision, request: { type, allowed } }
    }
    case 'offer-file': {
      const { path } = record
      if (keys !== 'path,revision,type' || typeof path !== 'string') return null
      if (path.length === 0 || path.length > FILE_PATH_MAX_LENGTH) return null
      return { revision, request: { type, path } }
    }
    case 'remove-offer': {
      const { offerId } = record
      if (keys !== 'offerId,revision,type' || typeof offerId !== 'string') return null
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(offerId)) return null
      return { revision, request: { type, offerId } }
    }
    case 'set-shown-applications': {
      const { mode, chosen } = record
      if (keys !== 'chosen,mode,revision,type') return null
      if (mode !== 'whole-screen' && mode !== 'chosen') return null
      if (!Array.isArray(chosen) || chosen.length > MAX_CHOSEN_APPLICATIONS) return null
      const ids = chosen.filter((id): id is string => typeof id === 'string' && APP_ID.test(id))
      if (ids.length !== chosen.length) return null
      return { revision, request: { type, mode, chosen: ids } }
    }
    case 'accept':
    case 'decline':
    case 'end':
      return keys === 'revision,type' ? { revision, request: { type } } : null
    default:
      return null
  }
}
