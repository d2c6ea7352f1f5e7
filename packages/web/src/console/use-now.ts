/** Timers for components: a ticking clock and a polling loop. */
import { useEffect, useRef, useState } from 'preact/hooks'

/** The current time, refreshed every `intervalMs` while the component is shown. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now())
    }, intervalMs)
    return () => {
      clearInterval(timer)
    }
  }, [intervalMs])
  return now
}

/**
 * Calls `task` now and every `intervalMs` (skipping beats while the tab is hidden), and
 * starts over when `restartKey` changes.
 */
export function usePolling(task: () => void, intervalMs: number, restartKey: unknown): void {
  const latest = useRef(task)
  latest.current = task
  useEffect(() => {
    latest.current()
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') latest.current()
    }, intervalMs)
    return () => {
      clearInterval(timer)
    }
  }, [intervalMs, restartKey])
}
