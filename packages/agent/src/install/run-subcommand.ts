/**
 * Runs `install`, `uninstall`, `status` or `service` (main.ts hands them over before the
 * attended flow), and `session-as-user`, which only the service starts. Exit codes: 0 done, 1 refused or failed, 2 bad arguments or not root,
 * 3 (`status`) not installed, 78 (`service`) refused for good by the server.
 * @module
 */
import { ArgsError } from '../cli/args.js'
import { parseSubcommand } from '../cli/subcommands.js'
import { pickLanguage } from '../i18n/messages.js'
import { runService } from '../service/run-service.js'
import { runUserSessionChild } from '../service/user-session-child.js'
import { install } from './install.js'
import { INSTALL_MESSAGES } from './install-messages.js'
import { installPaths, installRoot, type ServicePlatform } from './install-paths.js'
import { isSingleExecutable } from './program-copy.js'
import { status } from './status.js'
import { uninstall } from './uninstall.js'

export async function runSubcommand(argv: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`)
  const err = (line: string) => process.stderr.write(`${line}\n`)
  let parsed
  try {
    parsed = parseSubcommand(argv)
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error
    err(`${error.message}\n\n${INSTALL_MESSAGES[pickLanguage(null, process.env)].usage}`)
    return 2
  }
  const language = pickLanguage(parsed.language, process.env)
  const text = INSTALL_MESSAGES[language]
  if (parsed.command === 'help') {
    out(text.usage)
    return 0
  }
  const platform = servicePlatform(process.platform)
  if (platform === null) {
    err(text.unsupported(process.platform))
    return 1
  }
  let root: string
  try {
    root = installRoot(process.env)
  } catch (error) {
    err(error instanceof Error ? error.message : String(error))
    return 2
  }
  const paths = installPaths(platform, root, process.env)
  const isAdministrator = process.getuid === undefined || process.getuid() === 0
  switch (parsed.command) {
    case 'install':
      return install(parsed, {
        platform,
        paths,
        language,
        env: process.env,
        program: {
          isSingleExecutable: await isSingleExecutable(),
          execPath: process.execPath,
          mainScript: process.argv[1] ?? null,
        },
        isAdministrator,
        out,
        err,
      })
    case 'uninstall':
      return uninstall({ platform, paths, language, isAdministrator, out, err })
    case 'status':
      return status(paths, language, out, err, { window: parsed.window, env: process.env })
    case 'service':
      return runService(paths, language, process.env, (line) => {
        err(`tasuke-agent: ${new Date().toISOString()} ${line}`)
      })
    case 'session-as-user': {
      // Plain lines: the service adds its own time and mark (user-session-host.ts).
      const code = await runUserSessionChild(err)
      // The session's window, tray and display connections are closed; nothing else may wait.
      process.exit(code)
    }
  }
}

function servicePlatform(platform: NodeJS.Platform): ServicePlatform | null {
  return platform === 'linux' || platform === 'darwin' || platform === 'win32' ? platform : null
}
