/**
 * The customer's disks for `system-info` (SPEC.md P5): on Linux every mount of a real
 * filesystem in `/proc/mounts`, elsewhere the root (or drive) of the working directory. Sizes
 * come from `statfs`; free is what an ordinary user may still write. Never throws.
 * @module
 */
import { readFile, statfs } from 'node:fs/promises'
import { parse } from 'node:path'

import type { SystemInfo } from '@tasuke/protocol'

import { count, LIST_MAX_LENGTH, shortText } from './limits.js'

export type Disk = SystemInfo['disks'][number]

/**
 * Filesystem types that are no disk: kernel views (proc, sysfs, cgroup, …), memory (tmpfs,
 * ramfs), container layers (overlay: the disk below is listed as itself) and read-only
 * package images (squashfs: every snap would show as a full disk).
 */
const PSEUDO_FILESYSTEMS = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'hugetlbfs',
  'mqueue',
  'nsfs',
  'overlay',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
])

/** One `statfs` may hang on a lost network share; past this the disk is left out. */
const STATFS_TIMEOUT_MS = 1_000

export interface Mount {
  readonly device: string
  readonly path: string
  readonly type: string
}

/**
 * The mounts of real filesystems in `/proc/mounts` text, each device and each path once (a
 * bind mount repeats its device), in file order. Paths keep their spaces (`\040`).
 */
export function realMounts(text: string): Mount[] {
  const mounts: Mount[] = []
  const seen = new Set<string>()
  for (const line of text.split('\n')) {
    const [device, path, type] = line.split(' ')
    if (device === undefined || path === undefined || type === undefined) continue
    if (PSEUDO_FILESYSTEMS.has(type) || type.startsWith('fuse.')) continue
    const mount = { device, path: unescapeMountPath(path), type }
    if (seen.has(`d:${device}`) || seen.has(`p:${mount.path}`)) continue
    seen.add(`d:${device}`)
    seen.add(`p:${mount.path}`)
    mounts.push(mount)
  }
  return mounts
}

function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  )
}

/** Where to look: the real mounts on Linux, the root of the working directory elsewhere. */
async function mountPaths(): Promise<string[]> {
  if (process.platform === 'linux') {
    const text = await readFile('/proc/mounts', 'utf8').catch(() => null)
    if (text !== null) {
      const paths = realMounts(text).map((mount) => mount.path)
      if (paths.length > 0) return paths
    }
  }
  return [parse(process.cwd()).root || '/']
}

async function sizeOf(path: string): Promise<Disk | null> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      resolve(null)
    }, STATFS_TIMEOUT_MS)
  })
  try {
    const stats = await Promise.race([statfs(path), timeout])
    if (stats === null) return null
    const totalBytes = count(stats.blocks * stats.bsize)
    if (totalBytes === 0) return null
    return {
      mount: shortText(path),
      totalBytes,
      freeBytes: Math.min(count(stats.bavail * stats.bsize), totalBytes),
    }
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

/** The disks, at most 32; a disk that cannot be read (or is empty) is left out. */
export async function collectDisks(): Promise<Disk[]> {
  try {
    const paths = (await mountPaths()).slice(0, LIST_MAX_LENGTH * 2)
    const disks = await Promise.all(paths.map(sizeOf))
    return disks.filter((disk): disk is Disk => disk !== null).slice(0, LIST_MAX_LENGTH)
  } catch {
    return []
  }
}
