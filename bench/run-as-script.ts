/**
 * Runs a bench module's `main` when the module is the script Node started (not when bench/run.ts
 * imports it): exits with its exit code, or 1 with the error; gives up after `limitMs`.
 */
import { pathToFileURL } from 'node:url'

export function runAsScript(moduleUrl: string, main: () => Promise<void>, limitMs = 300_000): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return
  const deadline = setTimeout(() => {
    process.stderr.write(`bench: gave up after ${String(limitMs / 60_000)} minutes\n`)
    process.exit(1)
  }, limitMs)
  deadline.unref()
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      )
      process.exit(1)
    },
  )
}
