/**
 * Which websites may embed a tenant's widget: the admin's list of origins, or any origin
 * when the list is empty (the default, so a pasted script tag works at once). Used for CORS
 * on the public routes and for the Origin of the customer's chat socket.
 */
import type { Services } from '../services.js'
import { getAllowedOrigins } from './conversation-store.js'

/** The most origins one tenant may list. */
export const MAX_ALLOWED_ORIGINS = 50

/** `https://example.com[:port]` (or http) without path, query or trailing slash; else null. */
export function normaliseOrigin(value: string): string | null {
  if (value.length > 300) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (url.username !== '' || url.password !== '') return null
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return null
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)) return null
  return url.origin
}

export async function isOriginAllowed(
  services: Pick<Services, 'db' | 'config'>,
  tenantId: string,
  origin: string | undefined,
): Promise<boolean> {
  const allowed = await getAllowedOrigins(services.db, tenantId)
  if (allowed.length === 0) return true
  // The server's own pages (e.g. a preview in the console) are always allowed.
  if (origin === services.config.publicUrl.origin) return true
  return origin !== undefined && allowed.includes(origin)
}
