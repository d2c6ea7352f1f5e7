/** Shows client-side problems once the form was first submitted, and focuses the first one. */
import { useState } from 'preact/hooks'

import { useI18n } from './i18n-context'
import type { Problem } from './validate'

export interface Checks {
  /** The problem in words, once the form was submitted; null otherwise. */
  readonly show: (problem: Problem) => string | null
  /** Marks the form as submitted; false (and the first bad field focused) when not valid. */
  readonly passes: (problems: Readonly<Record<string, Problem>>) => boolean
  readonly reset: () => void
}

/** `problems` is keyed by the id of the field each one belongs to. */
export function useChecks(): Checks {
  const { t } = useI18n()
  const [isSubmitted, setSubmitted] = useState(false)
  return {
    show: (problem) => (isSubmitted && problem !== null ? t(problem.key, problem.params) : null),
    passes: (problems) => {
      setSubmitted(true)
      const first = Object.entries(problems).find(([, problem]) => problem !== null)
      if (first === undefined) return true
      document.getElementById(first[0])?.focus()
      return false
    },
    reset: () => {
      setSubmitted(false)
    },
  }
}
