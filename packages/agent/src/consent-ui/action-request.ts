/**
 * The body the consent page posts when the customer clicks: parsed and validated here, since
 * anything on the machine can post to the local port.
 * @module
 */
import { SESSION_CODE_MAX_INPUT_LENGTH } from '@tasuke/protocol'

import type { CustomerRequest } from './consent-state.js'

/** Bodies past this size are refused unread. */
export const MAX_ACTION_BODY_BYTES = 4096

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
    case 'accept':
    case 'decline':
    case 'end':
      return keys === 'revision,type' ? { revision, request: { type } } : null
    default:
      return null
  }
}
