/**
 * `tasuke-agent service`, what the system service runs: reads and checks device.json, keeps
 * the device socket open (device-service.ts) and runs each unattended session on the display
 * the configuration names. Writes state.json for `status`. Exit codes: 0 stopped by a signal,
 * 1 unusable configuration, 78 refused for good by the server (revoked, unknown, incompatible;
 * the unit does not restart it then).
 * @module
 */
import { loadDevicePageModel } from '../device-page/page-model.js'
import { startDevicePage } from '../device-page/server.js'
import { dirname, join } from 'node:path'

import type { Language } from '../i18n/messages.js'
import { ConfigError, readDeviceConfig } from '../install/device-config.js'
import { INSTALL_MESSAGES } from '../install/install-messages.js'
import type { InstallPaths } from '../install/install-paths.js'
import { isSingleExecutable } from '../install/program-copy.js'
import { STOPPED_FOR_GOOD_EXIT_CODE } from '../install/systemd-unit.js'
import { acceptedSessionFile } from './accepted-session.js'
import { desktopAccount } from './desktop-account.js'
import { openDeviceLink } from './device-link.js'
import { displayFinder } from './display-finder.js'
import { startDeviceService } from './device-service.js'
import { writeServiceState } from './service-state.js'
import { restartCommand, restartComputer, type RestartPlatform } from './restart-computer.js'
import { runUnattendedSession } from './unattended-session.js'
import { type ProgramLaunch, runSessionAsUser } from './user-session-host.js'

export async function runService(
  paths: InstallPaths,
  language: Language,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<number> {
  let config
  try {
    config = await readDeviceConfig(paths.configFile)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    log(INSTALL_MESSAGES[language].badConfig(error.message))
    return 1
  }
  // The display of the configuration; the unit sets the same, a manual run may not.
  if (config.display !== null) env['DISPLAY'] = config.display
  if (config.xauthority !== null) env['XAUTHORITY'] = config.xauthority
  const sessionLanguage = config.language ?? language
  const serverUrl = new URL(config.serverUrl)
  let tenantName: string | null = null
  let deviceName: string | null = config.deviceName
  const saveState = (online: boolean, problem: string | null) => {
    writeServiceState(paths.stateFile, {
      pid: process.pid,
      online,
      tenantName,
      deviceName,
      since: new Date().toISOString(),
      problem,
    }).catch((error: unknown) => {
      log(`state.json could not be written: ${String(error)}`)
    })
  }
  saveState(false, null)
  // "About this computer", linked from each session's window; the service runs without it.
  const aboutPage = await startDevicePage({
    language: sessionLanguage,
    load: () => loadDevicePageModel(config, paths.stateFile),
  }).catch((error: unknown) => {
    log(`the "About this computer" page could not be started: ${String(error)}`)
    return null
  })
  const program = await thisProgram()
  const service = startDeviceService({
    openLink: (events) =>
      openDeviceLink(
        {
          serverUrl,
          fingerprint: config.fingerprint,
          deviceId: config.deviceId,
          deviceSecret: config.deviceSecret,
        },
        events,
      ),
    localPolicy: config.localPolicy,
    hasDisplay: displayFinder({
      env,
      configured: { display: config.display, xauthority: config.xauthority },
      log,
    }),
    acceptedSessions: acceptedSessionFile(join(dirname(paths.stateFile), 'session.json')),
    runSession: async (run) => {
      const session = {
        serverUrl: serverUrl.href,
        fingerprint: config.fingerprint,
        language: sessionLanguage,
        openBrowser: env['TASUKE_NO_BROWSER'] !== '1',
        installedNote:
          tenantName === null || aboutPage === null
            ? null
            : { companyName: tenantName, historyUrl: aboutPage.url },
      }
      const restart = () => restartComputer(restartCommand(platformOf(), env))
      // As the person on the display: their files, their session bus, their browser.
      const account = await desktopAccount(env)
      if (account !== null) {
        await runSessionAsUser(
          { account, program, env, session, restartComputer: restart, log },
          run,
        )
        return
      }
      log('no account owns the display (XAUTHORITY or X socket); the session runs in the service')
      await runUnattendedSession(
        {
          ...session,
          serverUrl,
          log,
          installedNote: () => session.installedNote,
          restartComputer: restart,
        },
        run,
      )
    },
    onStatus: (status) => {
      if (status.online) {
        tenantName = status.tenantName
        deviceName = status.deviceName
        saveState(true, null)
      } else {
        saveState(false, status.problem)
      }
    },
    log,
  })
  const stop = () => {
    service.stop()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  const end = await service.ended
  process.off('SIGTERM', stop)
  process.off('SIGINT', stop)
  await aboutPage?.close()
  if (end === 'stopped') {
    saveState(false, 'stopped')
    return 0
  }
  return STOPPED_FOR_GOOD_EXIT_CODE
}

/** How to start this program again: the single executable itself, or Node.js with main.js. */
async function thisProgram(): Promise<ProgramLaunch> {
  if (await isSingleExecutable()) return { command: process.execPath, args: [] }
  return { command: process.execPath, args: [...process.execArgv, process.argv[1] ?? ''] }
}

function platformOf(): RestartPlatform {
  return process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux'
}
