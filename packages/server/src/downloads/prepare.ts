/**
 * Makes this server's copy of one agent build: deployment written in -> (Windows, when a
 * certificate is configured) Authenticode-signed -> SHA-256 -> Ed25519 signature over the
 * file -> brotli and gzip. The result lives under <DATA_DIR>/agent-downloads, in a folder
 * named after everything it depends on, so a restart reuses it and any change makes a new one.
 */
import { createHash, sign } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

import { type AuthenticodeSettings, signAuthenticode } from './authenticode.js'
import { type Deployment, patchDeploymentSlot } from './deployment-slot.js'
import type { AgentPlatform } from './platforms.js'
import type { SigningKey } from './signing-key.js'

/** Brotli quality 7 with a 16 MiB window: ~7 s for the 121 MB Linux build, 0.7 MB more than q9's ~46 s. */
export const BROTLI_QUALITY = 7
const BROTLI_WINDOW_BITS = 24
/** gzip -6 is within 0.1 MB of -9 on these files at a third of the time. */
const GZIP_LEVEL = 6
/** Bumped whenever the steps below change what they produce. */
const FORMAT = 1

export interface PreparedDownload {
  readonly platform: AgentPlatform
  readonly size: number
  readonly sha256: string
  /** Ed25519 over the file's bytes, base64. */
  readonly signature: string
  readonly authenticodeSigned: boolean
  readonly transferSizes: { readonly br: number; readonly gzip: number }
  readonly files: { readonly identity: string; readonly br: string; readonly gzip: string }
}

export interface PrepareInput {
  readonly platform: AgentPlatform
  /** The build's bytes; changed in place. */
  readonly source: Buffer
  readonly sourceSha256: string
  readonly deployment: Deployment
  readonly signingKey: SigningKey
  readonly authenticode: AuthenticodeSettings | null
  readonly cacheDir: string
}

type Meta = Omit<PreparedDownload, 'files'>

export async function prepareDownload(input: PrepareInput): Promise<PreparedDownload> {
  const isSigned = input.platform === 'win-x64' && input.authenticode !== null
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        format: FORMAT,
        source: input.sourceSha256,
        deployment: input.deployment,
        publicKey: input.signingKey.publicKeyPem,
        authenticode: isSigned ? await authenticodeIdentity(input.authenticode) : null,
        brotli: BROTLI_QUALITY,
      }),
    )
    .digest('hex')
    .slice(0, 32)
  const dir = join(input.cacheDir, `${input.platform}-${key}`)
  const cached = await readCached(dir, input.platform)
  if (cached !== null) return cached

  await mkdir(input.cacheDir, { recursive: true, mode: 0o700 })
  const staging = `${dir}.partial-${process.pid}-${Date.now()}`
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { mode: 0o700 })
  try {
    // Patched in place: the caller read the build for this preparation only (100 MB less).
    const bytes = input.source
    patchDeploymentSlot(bytes, input.deployment)
    let file = bytes
    if (isSigned) {
      await writeFile(join(staging, 'unsigned'), bytes)
      await signAuthenticode(input.authenticode, join(staging, 'unsigned'), join(staging, 'agent'))
      await rm(join(staging, 'unsigned'))
      file = await readFile(join(staging, 'agent'))
    } else {
      await writeFile(join(staging, 'agent'), bytes)
    }
    const [br, gz] = await Promise.all([
      promisify(brotliCompress)(file, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
          [constants.BROTLI_PARAM_SIZE_HINT]: file.length,
        },
      }),
      promisify(gzip)(file, { level: GZIP_LEVEL }),
    ])
    const meta: Meta = {
      platform: input.platform,
      size: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      signature: sign(null, file, input.signingKey.privateKey).toString('base64'),
      authenticodeSigned: isSigned,
      transferSizes: { br: br.length, gzip: gz.length },
    }
    await writeFile(join(staging, 'agent.br'), br)
    await writeFile(join(staging, 'agent.gz'), gz)
    await writeFile(join(staging, 'meta.json'), JSON.stringify(meta))
    await rm(dir, { recursive: true, force: true })
    await rename(staging, dir)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
  await removeOlder(input.cacheDir, input.platform, dir)
  const prepared = await readCached(dir, input.platform)
  if (prepared === null) throw new Error(`the prepared agent download in ${dir} cannot be read`)
  return prepared
}

async function authenticodeIdentity(settings: AuthenticodeSettings | null): Promise<string | null> {
  if (settings === null) return null
  const hash = createHash('sha256')
  hash.update(await readFile(settings.certFile))
  hash.update(await readFile(settings.keyFile))
  return hash.digest('hex')
}

async function readCached(dir: string, platform: AgentPlatform): Promise<PreparedDownload | null> {
  let meta: Meta
  try {
    meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Meta
  } catch {
    return null
  }
  if (meta.platform !== platform || typeof meta.sha256 !== 'string') return null
  return {
    ...meta,
    files: {
      identity: join(dir, 'agent'),
      br: join(dir, 'agent.br'),
      gzip: join(dir, 'agent.gz'),
    },
  }
}

/** Only the newest copy of each platform is kept. */
async function removeOlder(cacheDir: string, platform: AgentPlatform, keep: string): Promise<void> {
  const names = await readdir(cacheDir)
  await Promise.all(
    names
      .filter((name) => name.startsWith(`${platform}-`) && join(cacheDir, name) !== keep)
      .filter((name) => !name.includes('.partial-'))
      .map((name) => rm(join(cacheDir, name), { recursive: true, force: true })),
  )
}
