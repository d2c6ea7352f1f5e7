/**
 * One unattended session of the installed agent (SPEC.md D3): the agent's window opens on the
 * customer's display as for an attended session, the agent socket is opened with the
 * `agentToken` of the connect-request instead of a redeemed one, and consent is settled by the
 * policy (policy-consent.ts). The window shows the operator and its 中止 / Stop for the whole
 * session, whatever the policy.
 * @module
 */
import type { CaptureBackend } from '../capture/capture.js'
import { openCapture } from '../capture/index.js'
import { MaskedCapture } from '../capture/masked-capture.js'
import { openClipboard } from '../clipboard/index.js'
import type { InstalledNote } from '../consent-ui/consent-state.js'
import { startConsentUi } from '../consent-ui/index.js'
import { withInstalledNote, withNote } from '../device-page/installed-note.js'
import { listFolder } from '../file-transfer/folder-listing.js'
import { defaultReceiveFolder, receiveFolder } from '../file-transfer/receive-folder.js'
import { type Language, MESSAGES } from '../i18n/messages.js'
import { openInput } from '../input/index.js'
import { MaskedInput } from '../input/masked-input.js'
import { createScreenStream } from '../screen/create-screen-stream.js'
import { linkApplicationChoice } from '../session/application-choice.js'
import { runAttendedSession, type SessionOutcome } from '../session/attended-session.js'
import { withTray } from '../tray/tray-ui.js'
import { createWindowRestriction, openWindowSource } from '../windows/index.js'
import type { SessionRun } from './device-service.js'
import { policyConsent } from './policy-consent.js'
import { unattendedLinks } from './session-links.js'

/** Time for the window to show the last view before it closes. */
const FAREWELL_MS = 2_000

export interface UnattendedSessionOptions {
  readonly serverUrl: URL
  readonly fingerprint: string | null
  readonly language: Language
  /** Opens the window in the customer's browser (off in tests, which open it themselves). */
  readonly openBrowser: boolean
  readonly log: (line: string) => void
  /** The window's "installed for <company>" line and history link; null before the welcome. */
  readonly installedNote?: () => InstalledNote | null
  /** Restarts the computer when the operator asks (SPEC.md D5). */
  readonly restartComputer: () => Promise<void>
}

export async function runUnattendedSession(
  options: UnattendedSessionOptions,
  run: SessionRun,
): Promise<SessionOutcome> {
  const { request, policy } = run
  const { log } = options
  const note = options.installedNote?.() ?? null
  const shown = await startConsentUi({
    language: options.language,
    initial: withNote({ type: 'connecting' }, note),
    openBrowser: options.openBrowser,
    onBrowserFailed: (url, error) => {
      log(`the window could not be opened in a browser (${error.message}): ${url}`)
    },
    listFolder: (path) => listFolder(path),
  })
  const window = withInstalledNote(shown, note)
  log(MESSAGES[options.language].openPage(window.url))
  const consent = policyConsent(window, {
    policy,
    onAutoAnswer: (answer) => {
      log(answer === 'accept' ? 'consent granted by the policy' : 'nobody answered: declined')
    },
  })
  // The tray icon with 中止 for the whole session, beside the window (issue 6).
  const ui = withTray(consent, { language: options.language, log, env: process.env })
  ui.onAction((action) => {
    if (action.type === 'accept') run.onAccepted()
  })
  const restriction = createWindowRestriction(() => openWindowSource(), log)
  const unlinkChoice = linkApplicationChoice(ui, restriction)
  // The display is opened at the first pairing (after consent) and serves every pairing.
  const display: { opened: Promise<CaptureBackend> | null } = { opened: null }
  try {
    const outcome = await runAttendedSession({
      ui,
      openLink: unattendedLinks(
        { serverUrl: options.serverUrl, fingerprint: options.fingerprint },
        run,
      ),
      restartComputer: options.restartComputer,
      createScreenStream: async (sink, onError, screen) =>
        createScreenStream({
          capture: await (display.opened ??= openCapture().then(
            (capture) => new MaskedCapture(capture, restriction),
          )),
          sink,
          onError,
          screen,
          allowsCopies: () => !restriction.isOn,
        }),
      openInput: async () => new MaskedInput(await openInput(), restriction),
      windowRestriction: restriction,
      openClipboard: () => openClipboard(log),
      receiveFolder: receiveFolder(defaultReceiveFolder()),
      log,
    })
    log(`session ${request.sessionId} over: ${outcome}`)
    return outcome
  } finally {
    const capture = await display.opened?.catch(() => null)
    await capture?.close()
    unlinkChoice()
    await restriction.close()
    // The window shows the last view a moment; the device takes the next request meanwhile.
    void new Promise((resolve) => setTimeout(resolve, FAREWELL_MS)).then(() => ui.close())
  }
}
