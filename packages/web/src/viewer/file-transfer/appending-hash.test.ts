import { createHash, randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { appendingHash } from './appending-hash'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

// Node has no Worker: these cover the page's own thread; the worker is tested in Chromium
// (worker-source.browser.test.ts).
describe('appendingHash on this thread', () => {
  it('[T4] hashes the parts in the order they were appended', async () => {
    const parts = [randomBytes(70_000), randomBytes(1), randomBytes(200_003)]
    const hash = appendingHash()
    for (const part of parts) hash.append(new Blob([part]))
    expect(await hash.sha256()).toBe(sha256(Buffer.concat(parts)))
    // The answer is the end of the file: asked again, the same; no part may follow.
    expect(await hash.sha256()).toBe(sha256(Buffer.concat(parts)))
    expect(() => {
      hash.append(new Blob([randomBytes(5)]))
    }).toThrow('the hash is finished')
  })

  it('answers the hash of nothing for an empty file', async () => {
    expect(await appendingHash().sha256()).toBe(sha256(new Uint8Array()))
  })

  it('[T4] gives no hash once closed, even for parts already appended', async () => {
    const hash = appendingHash()
    hash.append(new Blob([randomBytes(10_000)]))
    const answer = hash.sha256()
    hash.close()
    await expect(answer).rejects.toThrow('the hash was closed')
    await expect(hash.sha256()).rejects.toThrow('the hash was closed')
  })
})
