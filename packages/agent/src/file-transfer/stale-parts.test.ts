import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { receiveFolder } from './receive-folder.js'
import { removeStaleParts, STALE_PART_AGE_MS } from './stale-parts.js'

const TWO_DAYS_AGO = (Date.now() - 2 * STALE_PART_AGE_MS) / 1000

/** Every entry under `dir`, relative, sorted. */
const everything = async (dir: string) => (await readdir(dir, { recursive: true })).sort()

describe('stale part files in the receiving folder', () => {
  let sandbox: string
  let inbox: string
  let outside: string

  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-stale-'))
    inbox = join(sandbox, 'inbox')
    outside = join(sandbox, 'outside')
    await mkdir(join(inbox, 'sub'), { recursive: true })
    await mkdir(outside)
    const old = async (path: string) => {
      await writeFile(path, 'x')
      await utimes(path, TWO_DAYS_AGO, TWO_DAYS_AGO)
    }
    await old(join(inbox, 'old.bin.tasuke-part'))
    await old(join(inbox, 'sub', 'nested.tasuke-part'))
    await old(join(inbox, 'kept.txt'))
    await writeFile(join(inbox, 'fresh.bin.tasuke-part'), 'being written')
    await old(join(outside, 'target.tasuke-part'))
    await symlink(join(outside, 'target.tasuke-part'), join(inbox, 'link.tasuke-part'))
  })
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true })
  })

  it('[T5] removes part files a day old at any depth, and nothing else', async () => {
    const removed = await removeStaleParts(inbox)
    expect(removed.sort()).toEqual(['old.bin.tasuke-part', join('sub', 'nested.tasuke-part')])
    expect(await everything(inbox)).toEqual([
      'fresh.bin.tasuke-part',
      'kept.txt',
      'link.tasuke-part',
      'sub',
    ])
    // A link is neither followed nor removed.
    expect(await readdir(outside)).toEqual(['target.tasuke-part'])
  })

  it('[T5] sweeps once, when the folder is first used, and tells what it removed', async () => {
    const told: string[][] = []
    const folder = receiveFolder(inbox, { onStaleRemoved: (paths) => told.push([...paths]) })
    expect(await everything(inbox)).toContain('old.bin.tasuke-part')
    await folder.ensure()
    expect(await everything(inbox)).not.toContain('old.bin.tasuke-part')
    expect(told).toHaveLength(1)
    await writeFile(join(inbox, 'later.tasuke-part'), 'x')
    await utimes(join(inbox, 'later.tasuke-part'), TWO_DAYS_AGO, TWO_DAYS_AGO)
    await folder.ensure()
    // Only on first use: a part file of this run is never swept from under its transfer.
    expect(await everything(inbox)).toContain('later.tasuke-part')
    expect(told).toHaveLength(1)
  })

  it('answers nothing for a folder that cannot be read', async () => {
    expect(await removeStaleParts(join(sandbox, 'missing'))).toEqual([])
  })
})
