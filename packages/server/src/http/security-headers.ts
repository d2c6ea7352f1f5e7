import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

import type { FeatureOptions } from '../services.js'

// Placeholder while the feature is being written in parallel; replaced by its owner.
export const securityHeaders: FastifyPluginAsyncTypebox<FeatureOptions> = async () => {}
