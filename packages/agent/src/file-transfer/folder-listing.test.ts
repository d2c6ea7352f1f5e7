import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { FILE_LISTING_MAX_ENTRIES } from '@tasuke/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { listFolder, resolveBrowsePath } from './folder-listing.js'
import { TransferError } from './transfer-error.js'

describe('folder listing', () => {
  let sandbox: string
  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-listing-'))
  })
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true })
  })

  it('[T7] lists folders first, then files by name, with kind, size and time', async () => {
    await writeFile(join(sandbox, 'b.txt'), 'hello')
    await writeFile(join(sandbox, 'A10.txt'), '')
    await writeFile(join(sandbox, 'A9.txt'), '')
    await mkdir(join(sandbox, 'z-folder'))
    await mkdir(join(sandbox, 'a-folder'))
    await symlink(join(sandbox, 'a-folder'), join(sandbox, 'link-to-folder'))
    await symlink(join(sandbox, 'missing'), join(sandbox, 'broken'))
    await utimes(join(sandbox, 'b.txt'), 1_700_000_000, 1_700_000_000)
    const listing = await listFolder(sandbox)
    expect(listing.path).toBe(sandbox)
    expect(listing.parent).toBe(tmpdir())
    expect(listing.isTruncated).toBe(false)
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['a-folder', 'folder'],
      ['link-to-folder', 'folder'],
      ['z-folder', 'folder'],
      ['A9.txt', 'file'],
      ['A10.txt', 'file'],
      ['b.txt', 'file'],
      ['broken', 'other'],
    ])
    expect(listing.entries.find((e) => e.name === 'b.txt')).toEqual({
      name: 'b.txt',
      kind: 'file',
      size: 5,
      modifiedAt: 1_700_000_000_000,
    })
  })

  it('[T7] answers home for the empty path and null as the parent of the root', async () => {
    expect((await listFolder('', sandbox)).path).toBe(sandbox)
    expect((await listFolder('/')).parent).toBeNull()
    expect(resolveBrowsePath('/tmp/../etc')).toBe('/etc')
  })

  it(`[T7] cuts a folder at ${FILE_LISTING_MAX_ENTRIES} entries, keeping the first by name`, async () => {
    const names = Array.from(
      { length: FILE_LISTING_MAX_ENTRIES + 5 },
      (_, i) => `f${String(i).padStart(5, '0')}`,
    )
    for (const name of names) await writeFile(join(sandbox, name), '')
    const listing = await listFolder(sandbox)
    expect(listing.isTruncated).toBe(true)
    expect(listing.entries).toHaveLength(FILE_LISTING_MAX_ENTRIES)
    expect(listing.entries.at(-1)?.name).toBe(names[FILE_LISTING_MAX_ENTRIES - 1])
  })

  it('refuses a relative path, a file, a missing folder, and NUL', async () => {
    await writeFile(join(sandbox, 'file'), '')
    const problem = (path: string) =>
      listFolder(path).then(
        () => 'none',
        (error: unknown) => (error instanceof TransferError ? error.problem : String(error)),
      )
    expect(await problem('relative/path')).toBe('bad-name')
    expect(await problem(join(sandbox, 'file'))).toBe('wrong-kind')
    expect(await problem(join(sandbox, 'missing'))).toBe('not-found')
    expect(await problem(`${sandbox}/\u0000`)).toBe('bad-name')
  })
})
