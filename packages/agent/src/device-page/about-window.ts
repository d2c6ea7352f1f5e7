/**
 * `tasuke-agent status --window`: serves "About this computer" while the command runs and
 * opens it in the browser (with TASUKE_NO_BROWSER=1 it only prints the address). It stops on
 * Ctrl+C, or when nobody has looked at it for a while.
 * @module
 */
import { openBrowser } from '../consent-ui/open-browser.js'
import type { Language } from '../i18n/messages.js'
import type { DeviceConfig } from '../install/device-config.js'
import { INSTALL_MESSAGES } from '../install/install-messages.js'
import type { InstallPaths } from '../install/install-paths.js'
import { loadDevicePageModel } from './page-model.js'
import { startDevicePage } from './server.js'

/** The page closes after this long without being loaded. */
export const ABOUT_WINDOW_IDLE_MS = 30 * 60_000

export async function showAboutWindow(
  config: DeviceConfig,
  paths: InstallPaths,
  language: Language,
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const page = await startDevicePage({
    language,
    load: () => loadDevicePageModel(config, paths.stateFile),
  })
  const text = INSTALL_MESSAGES[language]
  if (env['TASUKE_NO_BROWSER'] === '1') {
    out(text.windowOpen(page.url, false))
  } else {
    out(text.windowOpen(page.url, true))
    // Not awaited: an opener may stay running; a failure prints the address to open by hand.
    void openBrowser(page.url).then((result) => {
      if (!result.ok) out(text.windowOpen(page.url, false))
    })
  }
  await new Promise<void>((resolve) => {
    let idle: NodeJS.Timeout
    const finish = () => {
      clearTimeout(idle)
      process.off('SIGINT', finish)
      process.off('SIGTERM', finish)
      resolve()
    }
    const restartIdle = () => {
      clearTimeout(idle)
      idle = setTimeout(finish, ABOUT_WINDOW_IDLE_MS)
    }
    restartIdle()
    page.onServed(restartIdle)
    process.once('SIGINT', finish)
    process.once('SIGTERM', finish)
  })
  await page.close()
  return 0
}
