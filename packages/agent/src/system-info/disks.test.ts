/** [P5] Which mounts count as disks, and the disks of this machine. */
import { describe, expect, it } from 'vitest'

import { collectDisks, realMounts } from './disks.js'
import { shortText } from './limits.js'

const PROC_MOUNTS = [
  'proc /proc proc rw,relatime 0 0',
  'sysfs /sys sysfs rw,relatime 0 0',
  'devtmpfs /dev devtmpfs rw,relatime 0 0',
  'tmpfs /dev/shm tmpfs rw,relatime 0 0',
  '/dev/vda1 / ext4 rw,relatime 0 0',
  'overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0',
  'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
  '/dev/loop3 /snap/core/1 squashfs ro 0 0',
  '/dev/vda1 /srv/bound ext4 rw 0 0',
  '/dev/sdb1 /media/My\\040Disk vfat rw 0 0',
  'gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw 0 0',
  'server:/export /mnt/share nfs4 rw 0 0',
  '',
].join('\n')

describe('realMounts', () => {
  it('[P5] keeps real filesystems once each, with escaped spaces undone', () => {
    expect(realMounts(PROC_MOUNTS)).toEqual([
      { device: '/dev/vda1', path: '/', type: 'ext4' },
      { device: '/dev/sdb1', path: '/media/My Disk', type: 'vfat' },
      { device: 'server:/export', path: '/mnt/share', type: 'nfs4' },
    ])
  })
})

describe('collectDisks', () => {
  it('[P5] finds at least one disk here, each with free space below its size', async () => {
    const disks = await collectDisks()
    expect(disks.length).toBeGreaterThanOrEqual(1)
    expect(disks.length).toBeLessThanOrEqual(32)
    for (const disk of disks) {
      expect(disk.totalBytes).toBeGreaterThan(disk.freeBytes)
      expect(disk.freeBytes).toBeGreaterThanOrEqual(0)
      expect(disk.mount.length).toBeLessThanOrEqual(256)
    }
  })
})

describe('shortText', () => {
  it('[P5] cuts texts to 256 characters without splitting a surrogate pair', () => {
    expect(shortText('a'.repeat(300))).toHaveLength(256)
    const cut = shortText(`${'a'.repeat(255)}😀`)
    expect(cut).toBe('a'.repeat(255))
  })
})
