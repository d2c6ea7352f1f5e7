/** Runs one request at a time for a form or button: busy flag, error text, sign-out on 401. */
import { useCallback, useState } from 'preact/hooks'

import { ApiError } from '../shared/api-client'
import { useAuth } from './auth-context'
import { useI18n } from './i18n-context'

export interface Action {
  readonly busy: boolean
  /** The last failure in words, or null. */
  readonly error: string | null
  /** The last failure as the API said it, for code-specific handling. */
  readonly failure: ApiError | null
  readonly clear: () => void
  /**
   * Runs the task; answers its result, or undefined when it failed. The error is kept for
   * display unless `handle` returns true for it (a failure the caller turns into a step).
   */
  readonly run: <T>(
    task: () => Promise<T>,
    handle?: (error: ApiError) => boolean,
  ) => Promise<T | undefined>
}

export function useAction(options: { signOutOn401?: boolean } = {}): Action {
  const { describe } = useI18n()
  const { signedOut } = useAuth()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<unknown>(null)
  const signOutOn401 = options.signOutOn401 ?? true

  const run = useCallback(
    async <T>(
      task: () => Promise<T>,
      handle?: (error: ApiError) => boolean,
    ): Promise<T | undefined> => {
      setBusy(true)
      setFailure(null)
      try {
        return await task()
      } catch (error) {
        if (signOutOn401 && error instanceof ApiError && error.code === 'unauthorized') {
          signedOut()
        }
        if (!(error instanceof ApiError && handle?.(error) === true)) setFailure(error)
        return undefined
      } finally {
        setBusy(false)
      }
    },
    [signOutOn401, signedOut],
  )
  const clear = useCallback(() => {
    setFailure(null)
  }, [])

  return {
    busy,
    error: failure === null ? null : describe(failure),
    failure: failure instanceof ApiError ? failure : null,
    clear,
    run,
  }
}
