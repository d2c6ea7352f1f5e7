import type { Services } from '../services.js'

// Placeholder while the feature is being written in parallel; replaced by its owner.
export function startHousekeeping(_services: Services): { stop(): void } {
  return { stop: () => undefined }
}
