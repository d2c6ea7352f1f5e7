/**
 * Builds the Fastify application (what tests `inject()` into). `main.ts` only runs it.
 * The order matters: error handling and security headers first, then who is calling
 * (authenticate, CSRF), the OpenAPI collector, then each feature's routes, then the web apps.
 */
import { randomUUID, X509Certificate } from 'node:crypto'

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fastifyWebsocket from '@fastify/websocket'
import { MAX_FRAME_PAYLOAD_BYTES, FRAME_HEADER_BYTES } from '@tasuke/protocol'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'

import { apiKeysRoutes } from './api-keys/routes.js'
import { createAuditLog } from './audit/audit.js'
import type { Cluster } from './cluster/cluster.js'
import { createLocalCluster } from './cluster/local.js'
import { deviceAgentRoutes } from './devices/agent-routes.js'
import { DeviceHub, type DeviceHubOptions } from './devices/device-hub.js'
import { devicesRoutes } from './devices/routes.js'
import { deviceSocketRoutes } from './devices/socket-routes.js'
import { Unattended, type UnattendedOptions } from './devices/unattended.js'
import { createAgentDownloads, downloadsRoutes } from './downloads/routes.js'
import { auditRoutes } from './audit/routes.js'
import { chatRoutes } from './chat/routes.js'
import { authRoutes } from './auth/routes.js'
import { type Clock, systemClock } from './clock.js'
import type { Config } from './config.js'
import { historyRoutes } from './history/routes.js'
import { startHousekeeping } from './history/housekeeping.js'
import { authenticate } from './http/authenticate.js'
import { csrfProtection } from './http/csrf.js'
import { registerErrorHandling } from './http/errors.js'
import { registerOpenApi } from './http/openapi.js'
import { registerValidation } from './http/validation.js'
import { securityHeaders } from './http/security-headers.js'
import { staticWeb } from './http/static-web.js'
import type { Mailer } from './mail/mailer.js'
import { createMetrics } from './ops/metrics.js'
import { opsRoutes } from './ops/routes.js'
import { entryApiRoutes } from './entry/api-routes.js'
import { entryPageRoutes } from './entry/page-routes.js'
import { joinRoutes } from './join/routes.js'
import { invitationLinkRoutes } from './invitations/link-routes.js'
import { invitationsRoutes } from './invitations/routes.js'
import { invitationRoutes } from './operators/invitation-routes.js'
import { operatorsRoutes } from './operators/routes.js'
import type { DataKeys } from './secrets/data-keys.js'
import { createFieldCipher } from './secrets/field-cipher.js'
import type { FeatureOptions, Services } from './services.js'
import type { RelayOptions } from './relay/options.js'
import { relayRoutes } from './relay/routes.js'
import { RedeemGuard } from './sessions/redeem-guard.js'
import { redeemRoutes } from './sessions/redeem-routes.js'
import { sessionsRoutes } from './sessions/routes.js'
import { setupRoutes } from './setup/routes.js'
import type { Store } from './store/db.js'
import { tenantsRoutes } from './tenants/routes.js'

export interface AppOptions {
  readonly config: Config
  readonly store: Store
  readonly keys: DataKeys
  readonly clock?: Clock
  readonly mailer?: Mailer | null
  /** First-run token printed by main.ts; null when a tenant already exists. */
  readonly setupToken?: string | null
  /** Folder of the built web apps (packages/web/dist); null serves no pages. */
  readonly webRoot?: string | null
  /** Pino logger options, or false for none (tests). */
  readonly logger?: FastifyServerOptions['logger']
  /** Extra TLS/HTTP options for the listening server (main.ts passes the certificate). */
  readonly https?: { readonly key: string | Buffer; readonly cert: string | Buffer } | null
  /** Periodic purge and expiry jobs; tests switch them off and call them directly. */
  readonly backgroundJobs?: boolean
  /** The node's link to the others (default: a single-process cluster). */
  readonly cluster?: Cluster
  /** The relay's window, heartbeat and grace figures (defaults in relay/options.ts). */
  readonly relay?: Partial<RelayOptions>
  /** The device sockets' heartbeat and hello figures (defaults in devices/device-hub.ts). */
  readonly devices?: Partial<DeviceHubOptions> & Partial<UnattendedOptions>
}

export const BODY_LIMIT_BYTES = 64 * 1024

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const services = createServices(options)
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy:
      options.config.trustedProxies.length > 0 ? [...options.config.trustedProxies] : false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ...(options.https ? { https: { key: options.https.key, cert: options.https.cert } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>()

  registerErrorHandling(app)
  registerValidation(app)
  await registerOpenApi(app, services)
  await app.register(securityHeaders, { services })
  await app.register(authenticate, { services })
  await app.register(csrfProtection, { services })

  const feature: FeatureOptions = { services }
  await app.register(opsRoutes, feature)
  await app.register(setupRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(authRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(operatorsRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(invitationRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(tenantsRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(apiKeysRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(sessionsRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(invitationsRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(invitationLinkRoutes, feature)
  // One set of redemption limits for POST /redeem and the entry page's number check.
  const redeemGuard = new RedeemGuard(services.clock)
  await app.register(redeemRoutes, { ...feature, prefix: '/api/v1', guard: redeemGuard })
  const downloads = createAgentDownloads(services, pinnedFingerprint(options), app.log)
  await app.register(downloadsRoutes, {
    ...feature,
    prefix: '/api/v1',
    downloads,
    warmUp: options.backgroundJobs ?? true,
  })
  await app.register(joinRoutes, { ...feature, downloads })
  const entry = { ...feature, guard: redeemGuard, downloads }
  await app.register(entryApiRoutes, { ...entry, prefix: '/api/v1' })
  await app.register(entryPageRoutes, entry)
  await app.register(historyRoutes, { ...feature, prefix: '/api/v1' })
  await app.register(auditRoutes, { ...feature, prefix: '/api/v1' })
  const unattended = new Unattended(services, new DeviceHub(options.devices), options.devices)
  await app.register(devicesRoutes, { ...feature, prefix: '/api/v1', unattended })
  await app.register(deviceAgentRoutes, { ...feature, prefix: '/api/v1', unattended })
  await app.register(fastifyWebsocket, {
    options: { maxPayload: FRAME_HEADER_BYTES + MAX_FRAME_PAYLOAD_BYTES, perMessageDeflate: false },
  })
  const { cluster } = services
  await app.register(relayRoutes, {
    ...feature,
    cluster,
    ...(options.relay === undefined ? {} : { relayOptions: options.relay }),
  })
  unattended.useRelay(app.relay)
  await app.register(deviceSocketRoutes, { unattended })
  await app.register(chatRoutes, feature)
  if (options.cluster === undefined) app.addHook('onClose', () => cluster.close())
  await app.register(staticWeb, { services, webRoot: options.webRoot ?? null })

  if (options.backgroundJobs ?? true) {
    const housekeeping = startHousekeeping(services)
    app.addHook('onClose', () => housekeeping.stop())
  }
  app.addHook('onClose', () => services.mailer?.close())
  return app
}

/** The self-signed default's fingerprint, which agents must pin; none for a CA certificate. */
function pinnedFingerprint(options: AppOptions): string | null {
  if (options.config.tls.kind !== 'self-signed' || !options.https) return null
  return new X509Certificate(options.https.cert).fingerprint256.replace(/:/g, '').toLowerCase()
}

function createServices(options: AppOptions): Services {
  const clock = options.clock ?? systemClock
  const { db } = options.store
  return {
    config: options.config,
    store: options.store,
    db,
    clock,
    keys: options.keys,
    ciphers: {
      email: createFieldCipher(options.keys.email, 'email'),
      chat: createFieldCipher(options.keys.chat, 'chat'),
      totp: createFieldCipher(options.keys.totp, 'totp'),
    },
    audit: createAuditLog(db, clock),
    cluster: options.cluster ?? createLocalCluster(),
    metrics: createMetrics(),
    mailer: options.mailer ?? null,
    setup: { token: options.setupToken ?? null },
  }
}
