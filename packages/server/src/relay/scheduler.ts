/**
 * Timers as the relay sees them, so tests move time by hand (heartbeats, grace periods)
 * instead of waiting.
 */

/** Cancels what {@link Scheduler.every} or {@link Scheduler.after} started. */
export type Cancel = () => void

export interface Scheduler {
  /** Runs `task` once after `ms`. */
  after(ms: number, task: () => void): Cancel
  /** Runs `task` every `ms` until cancelled. */
  every(ms: number, task: () => void): Cancel
}

export const systemScheduler: Scheduler = {
  after(ms, task) {
    const timer = setTimeout(task, ms)
    timer.unref()
    return () => {
      clearTimeout(timer)
    }
  },
  every(ms, task) {
    const timer = setInterval(task, ms)
    timer.unref()
    return () => {
      clearInterval(timer)
    }
  },
}

/** A scheduler whose time moves only through `advance` (for tests). */
export function manualScheduler(): Scheduler & { advance(ms: number): void } {
  let now = 0
  let nextId = 0
  const tasks = new Map<number, { at: number; every: number | null; task: () => void }>()
  const add = (ms: number, every: number | null, task: () => void): Cancel => {
    const id = nextId++
    tasks.set(id, { at: now + ms, every, task })
    return () => tasks.delete(id)
  }
  return {
    after: (ms, task) => add(ms, null, task),
    every: (ms, task) => add(ms, ms, task),
    advance(ms) {
      const end = now + ms
      for (;;) {
        let due: [number, { at: number; every: number | null; task: () => void }] | undefined
        for (const entry of tasks)
          if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry
        if (due === undefined) break
        const [id, item] = due
        now = item.at
        if (item.every === null) tasks.delete(id)
        else item.at += item.every
        item.task()
      }
      now = end
    },
  }
}
