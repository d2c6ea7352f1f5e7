import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { candidateName, createIncomingFile } from './incoming-file.js'
import { receiveFolder } from './receive-folder.js'
import { TransferError } from './transfer-error.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function problemOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    if (error instanceof TransferError) return error.problem
    throw error
  }
  throw new Error('no error')
}

describe('a received file', () => {
  let sandbox: string
  let root: string

  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-incoming-'))
    root = await receiveFolder(join(sandbox, 'inbox')).ensure()
  })
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true })
  })

  it('[T4][T6] is written under a temporary name and renamed once its SHA-256 matches', async () => {
    const bytes = randomBytes(300_000)
    const file = await createIncomingFile(root, ['sub', 'data.bin'], bytes.length)
    expect(file.savedAs).toBe('sub/data.bin')
    await file.write(0, bytes.subarray(0, 100_000))
    expect(await readdir(join(root, 'sub'))).toEqual(['data.bin.tasuke-part'])
    await file.write(100_000, bytes.subarray(100_000))
    expect(file.received()).toBe(bytes.length)
    expect(await file.finish(sha256(bytes))).toBe('sub/data.bin')
    expect(await readdir(join(root, 'sub'))).toEqual(['data.bin'])
    expect(sha256(await readFile(join(root, 'sub', 'data.bin')))).toBe(sha256(bytes))
  })

  it('[T4] is discarded when the SHA-256 or the size differs', async () => {
    const a = await createIncomingFile(root, ['a.bin'], 3)
    await a.write(0, new Uint8Array([1, 2, 3]))
    expect(await problemOf(a.finish(sha256(new Uint8Array([1, 2, 4]))))).toBe('hash-mismatch')
    const b = await createIncomingFile(root, ['b.bin'], 4)
    await b.write(0, new Uint8Array([1, 2, 3]))
    expect(await problemOf(b.finish(sha256(new Uint8Array([1, 2, 3]))))).toBe('protocol-error')
    expect(await readdir(root)).toEqual([])
  })

  it('[T2] refuses a chunk out of place or past the announced size', async () => {
    const file = await createIncomingFile(root, ['c.bin'], 4)
    expect(await problemOf(file.write(1, new Uint8Array([1])))).toBe('protocol-error')
    expect(await problemOf(file.write(0, new Uint8Array(5)))).toBe('protocol-error')
    await file.write(0, new Uint8Array(2))
    expect(await problemOf(file.write(0, new Uint8Array(2)))).toBe('protocol-error')
    expect(file.received()).toBe(2)
    await file.discard()
    await file.discard()
    expect(await readdir(root)).toEqual([])
  })

  it('[T6] never overwrites: name (1).ext, name (2).ext, also against a parallel transfer', async () => {
    await writeFile(join(root, 'report.txt'), 'original')
    const first = await createIncomingFile(root, ['report.txt'], 1)
    const second = await createIncomingFile(root, ['report.txt'], 1)
    expect([first.savedAs, second.savedAs]).toEqual(['report (1).txt', 'report (2).txt'])
    // A file appearing under the name meanwhile is not replaced either.
    await writeFile(join(root, 'report (1).txt'), 'came later')
    await first.write(0, new Uint8Array([65]))
    expect(await first.finish(sha256(new Uint8Array([65])))).toBe('report (1) (1).txt')
    expect(await readFile(join(root, 'report (1).txt'), 'utf8')).toBe('came later')
    expect(await readFile(join(root, 'report.txt'), 'utf8')).toBe('original')
    await second.discard()
  })

  it('names clashes like a file manager', () => {
    expect(candidateName('a.tar.gz', 1)).toBe('a.tar (1).gz')
    expect(candidateName('README', 2)).toBe('README (2)')
    expect(candidateName('.bashrc', 1)).toBe('.bashrc (1)')
    expect(candidateName('x.txt', 0)).toBe('x.txt')
  })

  it('[T6] refuses a folder that is a file or a symlink leading out', async () => {
    const outside = join(sandbox, 'outside')
    await mkdir(outside)
    await symlink(outside, join(root, 'escape'))
    await writeFile(join(root, 'plain'), 'x')
    expect(await problemOf(createIncomingFile(root, ['escape', 'x.txt'], 1))).toBe('bad-name')
    expect(await problemOf(createIncomingFile(root, ['plain', 'x.txt'], 1))).toBe('bad-name')
    expect(await readdir(outside)).toEqual([])
  })

  it('keeps a long name by shortening only the temporary one', async () => {
    const name = `${'n'.repeat(250)}.txt`
    const file = await createIncomingFile(root, [name], 1)
    const [temp] = await readdir(root)
    expect(temp).toMatch(/^tasuke-[0-9a-f]{16}\.tasuke-part$/)
    await file.write(0, new Uint8Array([1]))
    expect(await file.finish(sha256(new Uint8Array([1])))).toBe(name)
    expect(await readdir(root)).toEqual([name])
  })
})
