/**
 * What the tests of the customer pages share: a config whose agent downloads come from a
 * folder of fake builds, a page's text without its tags, and a trace log kept in memory to
 * show that numbers, handles and tokens never reach it.
 */
import { join } from 'node:path'
import { Writable } from 'node:stream'

import type { Config } from '../../../config.js'
import { createLoggerOptions, type LoggerOptions } from '../../logger.js'

/** Config for an app in `root/name` serving the builds of `buildsDir` (writeFakeBuilds). */
export function downloadsConfig(
  root: string,
  name: string,
  buildsDir = join(root, 'builds'),
): Partial<Config> {
  const dataDir = join(root, name)
  return {
    dataDir,
    agentDownloads: {
      buildsDir,
      signingKey: { path: join(dataDir, 'agent-signing-key.pem'), generateIfMissing: true },
      authenticode: null,
    },
  }
}

/** The page's text without tags, whitespace folded, to match sentences. */
export function textOf(page: string): string {
  return page
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export interface TraceLog {
  /** For buildApp / createTestApp. */
  readonly options: LoggerOptions
  /** Everything logged so far. */
  text(): string
}

/** A logger at trace level that keeps every line it writes. */
export function traceLog(): TraceLog {
  const chunks: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  return { options: createLoggerOptions('trace', sink), text: () => chunks.join('') }
}
