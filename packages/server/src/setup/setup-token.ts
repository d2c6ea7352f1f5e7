/**
 * The first-run token: while no company (tenant) exists, each start makes a new random token
 * and main.ts prints the setup link carrying it, so only whoever can read the server's
 * output can create the first company and its administrator.
 */
import { randomBytes } from 'node:crypto'

import type { Store } from '../store/db.js'

const SETUP_TOKEN_BYTES = 24

export async function hasAnyTenant(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('tenants').select('id').limit(1).executeTakeFirst()
  return row !== undefined
}

/** A fresh token while the service is not set up yet; null once a tenant exists. */
export async function createSetupToken(store: Store): Promise<string | null> {
  return (await hasAnyTenant(store)) ? null : randomBytes(SETUP_TOKEN_BYTES).toString('base64url')
}

export function setupLink(publicUrl: URL, token: string): string {
  const url = new URL('/setup', publicUrl)
  url.searchParams.set('token', token)
  return url.toString()
}
