import type { FastifyInstance } from 'fastify'

import type { Services } from '../services.js'

// Placeholder while the feature is being written in parallel; replaced by its owner.
export async function registerOpenApi(_app: FastifyInstance, _services: Services): Promise<void> {}
