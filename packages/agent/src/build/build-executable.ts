/**
 * Builds the customer's program as one executable per platform (Node single-executable
 * applications): esbuild bundles the agent, Node 24 turns the bundle into a SEA blob, and
 * postject injects it into a copy of the official Node 24 binary. Prints each file's size
 * raw and compressed (what a customer downloads) and writes its SHA-256 beside it. Each file
 * must hold the deployment slot (deployment/slot.ts) exactly once, verbatim, for the server
 * to bind its downloads to itself; the build fails otherwise.
 *
 *   npm run build:exe -w @tasuke/agent [-- --platform linux-x64|win-x64|all] [--out DIR]
 *                                        [--no-sizes]   (skip the slow compressed sizes)
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

import { build } from 'esbuild'
import { inject } from 'postject'

import { nodeBinary, resolveNodeVersion, TARGETS, type TargetPlatform } from './node-runtime.js'
import { checkDeploymentSlot } from './slot-check.js'

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'
const AGENT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const REPO_ROOT = resolve(AGENT_ROOT, '../..')

export interface BuiltExecutable {
  readonly platform: TargetPlatform
  readonly path: string
  readonly bytes: number
  /** Compressed sizes; null when not measured (brotli of 100 MB takes a while). */
  readonly gzipBytes: number | null
  readonly brotliBytes: number | null
  readonly sha256: string
}

export async function buildExecutables(
  platforms: readonly TargetPlatform[],
  outDir: string,
  options: { readonly measureSizes?: boolean; readonly cacheDir?: string } = {},
): Promise<BuiltExecutable[]> {
  const cacheDir = options.cacheDir ?? join(REPO_ROOT, '.cache/agent-build')
  mkdirSync(outDir, { recursive: true })
  mkdirSync(cacheDir, { recursive: true })
  const version = resolveNodeVersion()
  const linuxNode = nodeBinary(cacheDir, 'linux-x64', version)

  const bundle = join(cacheDir, 'agent.cjs')
  await build({
    entryPoints: [join(AGENT_ROOT, 'src/build/sea-entry.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  })

  // The blob is tied to the Node version that reads it, so the Linux binary of the same
  // version makes it for every target.
  const blob = join(cacheDir, 'agent.blob')
  const seaConfig = join(cacheDir, 'sea-config.json')
  writeFileSync(
    seaConfig,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
    }),
  )
  checkDeploymentSlot(readFileSync(bundle), 'the agent bundle')
  execFileSync(linuxNode, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' })
  const blobData = readFileSync(blob)

  const built: BuiltExecutable[] = []
  for (const platform of platforms) {
    const source = nodeBinary(cacheDir, platform, version)
    const target = join(outDir, executableName(platform))
    copyFileSync(source, target)
    chmodSync(target, 0o755)
    await inject(target, 'NODE_SEA_BLOB', blobData, { sentinelFuse: SEA_FUSE, overwrite: true })
    // Without code cache or snapshot the blob keeps the source as text: the slot must be
    // findable, once, in the finished file.
    checkDeploymentSlot(readFileSync(target), target)
    built.push(describe(platform, target, options.measureSizes ?? true))
  }
  return built
}

export function executableName(platform: TargetPlatform): string {
  return platform === 'win-x64' ? 'tasuke-agent-win-x64.exe' : 'tasuke-agent-linux-x64'
}

function describe(platform: TargetPlatform, path: string, measureSizes: boolean): BuiltExecutable {
  const data = readFileSync(path)
  const sha256 = createHash('sha256').update(data).digest('hex')
  writeFileSync(`${path}.sha256`, `${sha256}  ${executableName(platform)}\n`)
  return {
    platform,
    path,
    bytes: data.length,
    gzipBytes: measureSizes ? gzipSync(data, { level: 9 }).length : null,
    brotliBytes: measureSizes
      ? brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24 },
        }).length
      : null,
    sha256,
  }
}

interface Cli {
  platforms: TargetPlatform[]
  outDir: string
  measureSizes: boolean
}

function parseCli(argv: readonly string[]): Cli {
  let platforms: TargetPlatform[] = ['linux-x64']
  let measureSizes = true
  let outDir = join(AGENT_ROOT, 'dist/executables')
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = argv[i + 1]
    if (arg === '--platform' && value !== undefined) {
      if (value === 'all') platforms = [...TARGETS]
      else if ((TARGETS as readonly string[]).includes(value)) platforms = [value as TargetPlatform]
      else throw new Error(`--platform must be one of ${TARGETS.join(', ')} or all`)
      i++
    } else if (arg === '--no-sizes') {
      measureSizes = false
    } else if (arg === '--out' && value !== undefined) {
      outDir = resolve(value)
      i++
    } else {
      throw new Error(`unknown argument ${String(arg)}; use --platform, --out and --no-sizes`)
    }
  }
  return { platforms, outDir, measureSizes }
}

const MB = 1024 * 1024

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { platforms, outDir, measureSizes } = parseCli(process.argv.slice(2))
  const results = await buildExecutables(platforms, outDir, { measureSizes })
  const size = (bytes: number | null) => (bytes === null ? '?' : (bytes / MB).toFixed(1))
  for (const r of results) {
    process.stdout.write(
      `${r.path}\n  ${size(r.bytes)} MB, gzip ${size(r.gzipBytes)} MB, ` +
        `brotli ${size(r.brotliBytes)} MB, sha256 ${r.sha256}\n`,
    )
  }
}
