/**
 * Puts the program the service runs in place: a copy of this very executable when it runs as
 * the single executable, or, when it runs from the build output under Node.js, a small
 * launcher script that runs Node.js with the build's main.js (the build stays where it is).
 * @module
 */
import { chmod, copyFile, writeFile } from 'node:fs/promises'

export interface RunningProgram {
  /** Whether this process is the single executable (node:sea). */
  readonly isSingleExecutable: boolean
  /** process.execPath: the executable itself, or the Node.js binary. */
  readonly execPath: string
  /** The build's main.js (process.argv[1]) when run under Node.js. */
  readonly mainScript: string | null
}

export type InstalledProgram =
  { readonly kind: 'copy' } | { readonly kind: 'launcher'; readonly mainScript: string }

/** Whether the running process is the single executable. */
export async function isSingleExecutable(): Promise<boolean> {
  try {
    const sea = await import('node:sea')
    return sea.isSea()
  } catch {
    return false
  }
}

export async function installProgram(
  program: RunningProgram,
  destination: string,
): Promise<InstalledProgram> {
  if (program.isSingleExecutable || program.mainScript === null) {
    await copyFile(program.execPath, destination)
    await chmod(destination, 0o755)
    return { kind: 'copy' }
  }
  await writeFile(destination, launcherScript(program.execPath, program.mainScript), {
    mode: 0o755,
  })
  await chmod(destination, 0o755)
  return { kind: 'launcher', mainScript: program.mainScript }
}

/** A POSIX shell launcher running `node main.js` with the arguments it was given. */
export function launcherScript(nodePath: string, mainScript: string): string {
  return [
    '#!/bin/sh',
    '# tasuke-agent launcher: the agent runs from its build output under Node.js.',
    `exec ${shellQuote(nodePath)} ${shellQuote(mainScript)} "$@"`,
    '',
  ].join('\n')
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
