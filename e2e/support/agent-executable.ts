/**
 * The customer's Linux executable for end-to-end tests, built once per change of the agent's
 * sources and shared by every test file of a run (a build takes about 30 s; the first one
 * also downloads Node.js 24 from the npm registry).
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { REPO_ROOT } from './start-server.js'

const BUILD_SCRIPT = join(REPO_ROOT, 'packages/agent/src/build/build-executable.ts')
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx')
const BUILDS_DIR = join(REPO_ROOT, '.cache/e2e-agent-builds')
const SOURCES = ['packages/agent/src', 'packages/protocol/src'].map((dir) => join(REPO_ROOT, dir))

/** Time for a first build, downloads included. */
export const AGENT_BUILD_TIMEOUT_MS = 600_000

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * The folder holding `tasuke-agent-linux-x64` (what the server's AGENT_BUILDS_DIR points at),
 * built when missing or older than the agent's or protocol's sources.
 */
export async function linuxAgentBuild(): Promise<string> {
  const executable = join(BUILDS_DIR, 'tasuke-agent-linux-x64')
  const sourcesChanged = Math.max(...SOURCES.map(newestSource))
  if (existsSync(executable) && statSync(executable).mtimeMs > sourcesChanged) return BUILDS_DIR
  // Built beside and moved in whole, so a build that fails half-way is never used.
  const next = `${BUILDS_DIR}.next-${process.pid}`
  await rm(next, { recursive: true, force: true })
  await mkdir(next, { recursive: true })
  await promisify(execFile)(
    TSX,
    [BUILD_SCRIPT, '--platform', 'linux-x64', '--out', next, '--no-sizes'],
    { cwd: REPO_ROOT, timeout: AGENT_BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  )
  await rm(BUILDS_DIR, { recursive: true, force: true })
  await rename(next, BUILDS_DIR)
  return BUILDS_DIR
}
