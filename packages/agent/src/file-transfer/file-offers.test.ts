import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { FILE_OFFERS_MAX } from '@tasuke/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createFileOffers } from './file-offers.js'
import { TransferError } from './transfer-error.js'

describe('offered files', () => {
  let sandbox: string
  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-offers-'))
  })
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true })
  })

  const problem = (work: Promise<unknown>) =>
    work.then(
      () => 'none',
      (error: unknown) => (error instanceof TransferError ? error.problem : String(error)),
    )

  it(`[T8] offers regular files once each, at most ${FILE_OFFERS_MAX}, with random ids`, async () => {
    let changes = 0
    const offers = createFileOffers(() => (changes += 1))
    const path = join(sandbox, 'a.txt')
    await writeFile(path, 'abc')
    const offer = await offers.add(path)
    expect(offer).toMatchObject({ name: 'a.txt', size: 3, path })
    expect(offer.offerId).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(await offers.add(path)).toBe(offer)
    expect(offers.find(offer.offerId)).toBe(offer)
    expect(await problem(offers.add(sandbox))).toBe('wrong-kind')
    expect(await problem(offers.add('relative.txt'))).toBe('bad-name')
    expect(await problem(offers.add(join(sandbox, 'missing')))).toBe('not-found')
    for (let i = 1; i < FILE_OFFERS_MAX; i++) {
      await writeFile(join(sandbox, `f${i}`), '')
      await offers.add(join(sandbox, `f${i}`))
    }
    await writeFile(join(sandbox, 'one-more'), '')
    expect(await problem(offers.add(join(sandbox, 'one-more')))).toBe('busy')
    expect(offers.remove(offer.offerId)).toBe(true)
    expect(offers.remove(offer.offerId)).toBe(false)
    expect(offers.find(offer.offerId)).toBeUndefined()
    expect(changes).toBe(FILE_OFFERS_MAX + 1)
  })
})
