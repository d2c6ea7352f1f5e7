import type { FastifyInstance } from 'fastify'

// Placeholder while the feature is being written in parallel; replaced by its owner.
export function registerErrorHandling(_app: FastifyInstance): void {}
