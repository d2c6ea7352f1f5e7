/**
 * The agent downloads of this server (docs/api.md "Agent downloads"): finds the builds, makes
 * each platform's bound, signed and compressed copy once (prepare.ts), and hands out the
 * manifest. Concurrent requests wait for the same preparation; a new build is noticed by its
 * size and time and prepared again. No Fastify here: routes.ts turns errors into answers.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

import type { AgentDownloadsConfig } from '../config.js'
import type { Deployment } from './deployment-slot.js'
import { AGENT_PLATFORMS, type AgentPlatform, buildFileName } from './platforms.js'
import { type PreparedDownload, prepareDownload } from './prepare.js'
import { loadSigningKey, type SigningKey } from './signing-key.js'

export const BUILD_COMMAND = 'npm run build:exe -w @tasuke/agent -- --platform all'

export class DownloadsUnavailableError extends Error {
  override readonly name = 'DownloadsUnavailableError'
}

/** What a configuration or build problem throws (each logged with its details). */
const PREPARATION_ERRORS = new Set([
  'DownloadsUnavailableError',
  'DeploymentSlotError',
  'SigningKeyError',
  'AuthenticodeError',
])

/** Whether `error` means "no download can be served now" (an answer of 503, not 500). */
export function isPreparationError(error: unknown): error is Error {
  return error instanceof Error && PREPARATION_ERRORS.has(error.name)
}

export interface DownloadsLog {
  info(message: string): void
  warn(message: string): void
}

export interface DownloadsSettings extends AgentDownloadsConfig {
  /** Where prepared copies are kept (<DATA_DIR>/agent-downloads). */
  readonly cacheDir: string
  readonly deployment: Deployment
}

export interface Manifest {
  readonly publicKey: string
  readonly platforms: readonly PreparedDownload[]
}

interface Entry {
  readonly buildStamp: string
  readonly prepared: Promise<PreparedDownload>
}

export class AgentDownloads {
  readonly #settings: DownloadsSettings
  readonly #log: DownloadsLog
  readonly #entries = new Map<AgentPlatform, Entry>()
  #signingKey: SigningKey | null = null

  constructor(settings: DownloadsSettings, log: DownloadsLog) {
    this.#settings = settings
    this.#log = log
  }

  /** The public half of the signing key (SPKI PEM); makes the key on first use. */
  publicKey(): string {
    return this.#key().publicKeyPem
  }

  /** Every platform whose build exists; throws when there is none. */
  async manifest(): Promise<Manifest> {
    const present = await this.#presentPlatforms()
    if (present.length === 0) throw this.#missing(null)
    const platforms = await Promise.all(present.map((platform) => this.prepared(platform)))
    return { publicKey: this.publicKey(), platforms }
  }

  /** The prepared copy of one platform's build (made now when needed). */
  async prepared(platform: AgentPlatform): Promise<PreparedDownload> {
    const path = join(this.#settings.buildsDir, buildFileName(platform))
    const buildStamp = await stampOf(path)
    if (buildStamp === null) throw this.#missing(platform)
    const current = this.#entries.get(platform)
    if (current?.buildStamp === buildStamp) return current.prepared
    const prepared = this.#prepare(platform, path)
    const entry = { buildStamp, prepared }
    this.#entries.set(platform, entry)
    // A failed preparation is not remembered: the next request tries again.
    prepared.catch(() => {
      if (this.#entries.get(platform) === entry) this.#entries.delete(platform)
    })
    return prepared
  }

  /** Prepares every present build in the background, so the first customer does not wait. */
  warmUp(): void {
    this.manifest().catch((error: unknown) => {
      this.#log.warn(`agent downloads are not ready: ${(error as Error).message}`)
    })
  }

  async #prepare(platform: AgentPlatform, path: string): Promise<PreparedDownload> {
    const startedAt = performance.now()
    const source = await readFile(path)
    const prepared = await prepareDownload({
      platform,
      source,
      sourceSha256: createHash('sha256').update(source).digest('hex'),
      deployment: this.#settings.deployment,
      signingKey: this.#key(),
      authenticode: platform === 'win-x64' ? this.#settings.authenticode : null,
      cacheDir: this.#settings.cacheDir,
    })
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
    this.#log.info(
      `agent download ${platform} ready: ${mb(prepared.size)}, brotli ${mb(prepared.transferSizes.br)}, ` +
        `gzip ${mb(prepared.transferSizes.gzip)}${prepared.authenticodeSigned ? ', Authenticode-signed' : ''} ` +
        `(${Math.round(performance.now() - startedAt)} ms)`,
    )
    return prepared
  }

  #key(): SigningKey {
    if (this.#signingKey === null) {
      const { path, generateIfMissing } = this.#settings.signingKey
      this.#signingKey = loadSigningKey(path, generateIfMissing)
      if (this.#signingKey.generated) {
        this.#log.warn(
          `generated the agent signing key ${path}: back it up and use the same file on every ` +
            'node (AGENT_SIGNING_KEY); customers check downloads against its public key',
        )
      }
    }
    return this.#signingKey
  }

  async #presentPlatforms(): Promise<AgentPlatform[]> {
    const stamps = await Promise.all(
      AGENT_PLATFORMS.map((p) => stampOf(join(this.#settings.buildsDir, buildFileName(p)))),
    )
    return AGENT_PLATFORMS.filter((_platform, index) => stamps[index] !== null)
  }

  #missing(platform: AgentPlatform | null): DownloadsUnavailableError {
    const what =
      platform === null ? 'agent builds not found' : `the ${platform} agent build was not found`
    const error = new DownloadsUnavailableError(
      `${what} in ${this.#settings.buildsDir}; run ${BUILD_COMMAND}`,
    )
    this.#log.warn(error.message)
    return error
  }
}

/** Size, time and inode: enough to notice a rebuilt file without reading 100 MB. */
async function stampOf(path: string): Promise<string | null> {
  try {
    const info = await stat(path)
    return info.isFile() ? `${info.size}:${info.mtimeMs}:${info.ino}` : null
  } catch {
    return null
  }
}
