/** Who is signed in, and the API client that carries their CSRF token. */
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

import type { ApiClient } from '../shared/api-client'
import type { SignedIn } from './types'

export interface Auth {
  readonly api: ApiClient
  /** Null when nobody is signed in. */
  readonly me: SignedIn | null
  /** After log-in, set-up, invitation, or a change to the operator or tenant. */
  readonly setMe: (me: SignedIn | null) => void
  /** The server said the session is gone: forget it and go to the log-in page. */
  readonly signedOut: () => void
}

export const AuthContext = createContext<Auth | null>(null)

export function useAuth(): Auth {
  const value = useContext(AuthContext)
  if (value === null) throw new Error('useAuth outside AuthContext')
  return value
}

/** The signed-in operator and tenant; only for pages behind the log-in. */
export function useSignedIn(): SignedIn & { readonly isAdmin: boolean } {
  const { me } = useAuth()
  if (me === null) throw new Error('useSignedIn on a public page')
  return { ...me, isAdmin: me.operator.role === 'admin' }
}
