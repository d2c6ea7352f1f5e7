/**
 * Adds to the command line what the download itself says (`--server`, `--code`,
 * `--fingerprint`), so the executable binds itself without any change to main.ts: the
 * single-executable entry (build/sea-entry.ts) runs this before main. Whatever the customer
 * or support staff typed wins; a command line the parser refuses is left for main to explain.
 */
import { ArgsError, parseArgs } from '../cli/args.js'
import type { EmbeddedDeployment } from './embedded.js'
import { resolveDeployment } from './resolve.js'

export function withDeploymentArgs(
  argv: readonly string[],
  execPath: string,
  embedded: EmbeddedDeployment | null,
): string[] {
  let given: ReturnType<typeof parseArgs>
  try {
    given = parseArgs(argv)
  } catch (error) {
    if (error instanceof ArgsError) return [...argv]
    throw error
  }
  if (given.help) return [...argv]
  const resolved = resolveDeployment(given, execPath, embedded)
  const added: string[] = []
  if (given.serverUrl === null && resolved.serverUrl !== null) {
    added.push('--server', resolved.serverUrl.href)
  }
  if (given.code === null && resolved.code !== null) added.push('--code', resolved.code)
  if (given.fingerprint === null && resolved.fingerprint !== null) {
    added.push('--fingerprint', resolved.fingerprint)
  }
  return [...argv, ...added]
}
