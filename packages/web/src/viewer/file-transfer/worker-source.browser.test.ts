/**
 * The hashing workers in Chromium (SPEC.md T4, DESIGN.md lesson 10): a big file's bytes are
 * read and hashed in a module worker, the page gets the right bytes whatever order it reads
 * them in (again from an earlier offset after a resume, or skipping ahead to what the agent
 * holds), and the SHA-256 always covers the whole file once; a file fetched from the customer
 * is hashed part by part in the appending worker as it arrives. The page and the workers are
 * bundled separately, as vite does, and served with a CSP that allows workers only from
 * the page's origin (`default-src 'self'`, as the server sends).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CHROMIUM_PATH, launchChromium } from '../../shared/test-support/chromium'
import { WORKER_MIN_BYTES } from './worker-source'

const TIMEOUT_MS = 60_000
const CSP = "default-src 'self'; script-src 'self'"
const MIB = 1024 * 1024

describe.skipIf(!existsSync(CHROMIUM_PATH))(
  'reading and hashing a file in a worker, in Chromium',
  { timeout: TIMEOUT_MS },
  () => {
    let browser: Browser
    let server: Server
    let directory: string
    let page: Page
    const pageErrors: Error[] = []

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'tasuke-hash-worker-'))
      const bundle = (entry: string, outfile: string) =>
        build({
          entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
          outfile: join(directory, outfile),
          bundle: true,
          format: 'esm',
          target: 'es2022',
          logLevel: 'silent',
        })
      await bundle('./test-support/worker-page.ts', 'page.js')
      await bundle('./hash-worker.ts', 'hash-worker.js')
      await bundle('./append-hash-worker.ts', 'append-hash-worker.js')
      const files: Record<string, string> = {
        '/': 'index.html',
        '/page.js': 'page.js',
        // Where `new URL('./hash-worker.ts', import.meta.url)` points from /page.js.
        '/hash-worker.ts': 'hash-worker.js',
        '/append-hash-worker.ts': 'append-hash-worker.js',
      }
      const html =
        '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>'
      server = createServer((request, response) => {
        const file = files[request.url ?? '']
        if (file === undefined) {
          response.writeHead(404).end()
          return
        }
        const headers = { 'content-security-policy': CSP }
        if (file === 'index.html') {
          response.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(html)
          return
        }
        readFile(join(directory, file)).then(
          (body) =>
            response.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(body),
          () => response.writeHead(500).end(),
        )
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as AddressInfo
      browser = await launchChromium()
      page = await browser.newPage()
      page.on('pageerror', (error) => pageErrors.push(error))
      await page.goto(`http://127.0.0.1:${port}/`)
      await page.waitForFunction(() => 'workerTest' in window)
    }, TIMEOUT_MS)

    afterAll(async () => {
      await browser.close()
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        }),
      )
      await rm(directory, { recursive: true, force: true })
      expect(pageErrors).toEqual([])
    }, TIMEOUT_MS)

    it('[T4] reads in order in a worker and hashes the whole file', async () => {
      const size = 9 * MIB + 321
      const reads: [number, number][] = []
      for (let at = 0; at < size; at += 256 * 1024)
        reads.push([at, Math.min(256 * 1024, size - at)])
      const result = await page.evaluate(([s, r]) => window.workerTest.readAndHash(s, r), [
        size,
        reads,
      ] as const)
      expect(result.usedWorker).toBe(true)
      expect(result.isEveryReadRight).toBe(true)
      expect(result.sha256).toBe(result.expected)
    })

    it('[T4][T5] hashes every byte once after reading again from an earlier offset and skipping ahead', async () => {
      const size = 6 * MIB + 7
      const reads: [number, number][] = [
        [0, MIB],
        [MIB, MIB],
        // A resume from an earlier offset: those bytes are not hashed twice.
        [MIB / 2, MIB],
        // The agent holds more: the gap is hashed without the page asking for it.
        [4 * MIB, MIB],
      ]
      const result = await page.evaluate(([s, r]) => window.workerTest.readAndHash(s, r), [
        size,
        reads,
      ] as const)
      expect(result.usedWorker).toBe(true)
      expect(result.isEveryReadRight).toBe(true)
      expect(result.sha256).toBe(result.expected)
    })

    it('[T4] hashes a small file on the page, with the same result', async () => {
      const size = WORKER_MIN_BYTES - 1
      const result = await page.evaluate(([s]) => window.workerTest.readAndHash(s, []), [
        size,
      ] as const)
      expect(result.isEveryReadRight).toBe(true)
      expect(result.sha256).toBe(result.expected)
    })

    it('[T4] hashes a fetched file’s parts in a worker as they arrive, in order', async () => {
      const sizes = [8 * MIB, 8 * MIB, 3 * MIB + 17]
      const result = await page.evaluate((s) => window.workerTest.appendAndHash(s), sizes)
      expect(result.usedWorker).toBe(true)
      expect(result.sha256).toBe(result.expected)
    })

    it('[T4] hashes a small fetched file on the page, with the same result', async () => {
      const result = await page.evaluate((s) => window.workerTest.appendAndHash(s), [1000, 10])
      expect(result.sha256).toBe(result.expected)
    })

    it('[T4] a fetch cancelled while its hash is made gets no hash', async () => {
      expect(await page.evaluate((s) => window.workerTest.appendThenClose(s), 8 * MIB)).toBe(
        'the hash was closed',
      )
    })

    it('[T5] refuses reads once the transfer closed its source', async () => {
      expect(await page.evaluate((s) => window.workerTest.readAfterClose(s), 5 * MIB)).toBe(
        'the file is no longer read',
      )
    })
  },
)
