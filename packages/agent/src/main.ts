#!/usr/bin/env node
/**
 * The customer's program: redeems the 8-digit number (bound to the download, or typed in its
 * local window when the download is generic), connects out to its server's relay, and asks
 * the customer in that window before anything is shared; after 承諾 it shares the screen and
 * replays the operator's input, end to end encrypted. A terminal prompt replaces the window's
 * number field only when stdin is a terminal and --no-browser was given. Exit codes: 0 the session
 * ran and ended (or the customer declined), 1 refused, unreachable, lost or failed, 2 bad
 * arguments.
 */
import { createInterface } from 'node:readline/promises'

import { normaliseSessionCode } from '@tasuke/protocol'

import type { CaptureBackend } from './capture/capture.js'
import { isCaptureSupported, openCapture } from './capture/index.js'
import { MaskedCapture } from './capture/masked-capture.js'
import { openClipboard } from './clipboard/index.js'
import { ArgsError, type AgentArgs, parseArgs } from './cli/args.js'
import { codeFromWindow } from './cli/code-from-window.js'
import { isSubcommand } from './cli/subcommands.js'
import { listFolder } from './file-transfer/folder-listing.js'
import { defaultReceiveFolder, receiveFolder } from './file-transfer/receive-folder.js'
import { type ConsentUi, startConsentUi } from './consent-ui/index.js'
import { type AgentMessages, type Language, MESSAGES, pickLanguage } from './i18n/messages.js'
import { runSubcommand } from './install/run-subcommand.js'
import { openInput } from './input/index.js'
import { MaskedInput } from './input/masked-input.js'
import { createScreenStream } from './screen/create-screen-stream.js'
import { ServerUnreachableError } from './server-api/pinned-request.js'
import { type Redemption, redeem } from './server-api/redeem.js'
import { linkApplicationChoice } from './session/application-choice.js'
import { runAttendedSession } from './session/attended-session.js'
import { openRelayLink } from './session/relay-link.js'
import { withTray } from './tray/tray-ui.js'
import {
  createWindowRestriction,
  openWindowSource,
  type WindowRestriction,
} from './windows/index.js'

/** Time for the local window to show the last view before the program exits. */
const FAREWELL_MS = 2_000

async function main(): Promise<number> {
  // The installed agent's commands (docs/installed-agent.md) come before the attended flow.
  if (isSubcommand(process.argv.slice(2))) return runSubcommand(process.argv.slice(2))
  let args: AgentArgs
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error
    process.stderr.write(`${error.message}\n\n${MESSAGES.en.usage}\n`)
    return 2
  }
  const language = pickLanguage(args.language, process.env)
  const text = MESSAGES[language]
  if (args.help) {
    process.stdout.write(`${text.usage}\n`)
    return 0
  }
  if (args.serverUrl === null) {
    process.stderr.write(`${text.noServer}\n`)
    return 2
  }
  // Before the number is used up: a customer on a system without a capture backend keeps it.
  if (!isCaptureSupported()) {
    process.stderr.write(`${text.unsupportedPlatform(process.platform)}\n`)
    return 1
  }
  const serverUrl = args.serverUrl
  if (args.code === null && !(args.noBrowser && process.stdin.isTTY)) {
    return programFirst(args, serverUrl, language)
  }
  const code = args.code ?? (await askCode(text))
  if (code === null) {
    process.stderr.write(`${text.failure('invalid-code', null)}\n`)
    return 2
  }
  let redemption: Redemption
  try {
    const result = await redeem(serverUrl, code, args.fingerprint)
    if (!result.ok) {
      process.stderr.write(`${text.failure(result.failure, result.retryAfterSeconds)}\n`)
      return 1
    }
    redemption = result.redemption
  } catch (error) {
    if (!(error instanceof ServerUnreachableError)) throw error
    process.stderr.write(`${text.unreachable(error.message)}\n`)
    return 1
  }
  process.stdout.write(`${text.redeemed(redemption.tenantName, redemption.operatorName)}\n`)
  return runSession(args, serverUrl, redemption, language, await openWindow(args, language, false))
}

/** A generic download: the window asks for the number, then goes on as a bound one. */
async function programFirst(args: AgentArgs, serverUrl: URL, language: Language): Promise<number> {
  const text = MESSAGES[language]
  const ui = await openWindow(args, language, true)
  const result = await codeFromWindow({
    ui,
    redeem: (code) => redeem(serverUrl, code, args.fingerprint),
    isUnreachable: (error): error is Error => error instanceof ServerUnreachableError,
  })
  switch (result.kind) {
    case 'redeemed': {
      const { redemption } = result
      process.stdout.write(`${text.redeemed(redemption.tenantName, redemption.operatorName)}\n`)
      return runSession(args, serverUrl, redemption, language, ui)
    }
    case 'ended':
      await farewell(ui)
      return 0
    case 'failed': {
      const message =
        result.failure === 'unreachable'
          ? text.unreachable(result.detail)
          : text.failure('server-error', null)
      process.stderr.write(`${message}\n`)
      ui.update({ type: 'error', message })
      await farewell(ui)
      return 1
    }
  }
}

async function openWindow(
  args: AgentArgs,
  language: Language,
  asksCode: boolean,
): Promise<ConsentUi> {
  const ui = await startConsentUi({
    language,
    initial: asksCode ? { type: 'ask-code', problem: null } : { type: 'connecting' },
    openBrowser: !args.noBrowser,
    onBrowserFailed: () => undefined,
    listFolder: (path) => listFolder(path),
  })
  process.stdout.write(`${MESSAGES[language].openPage(ui.url)}\n`)
  // The tray icon with 中止 for the whole session, beside the window (issue 6).
  return withTray(ui, {
    language,
    log: (line) => process.stderr.write(`tasuke-agent: ${line}\n`),
    env: process.env,
  })
}

/** Leaves the last view on screen a moment, then stops the window. */
async function farewell(ui: ConsentUi): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, FAREWELL_MS))
  await ui.close()
}

async function runSession(
  args: AgentArgs,
  serverUrl: URL,
  redemption: Redemption,
  language: Language,
  ui: ConsentUi,
): Promise<number> {
  const text = MESSAGES[language]
  const log = (line: string) => process.stderr.write(`tasuke-agent: ${line}\n`)
  // Only the applications the customer chooses may be shown (SPEC.md P10); whole screen first.
  const restriction = createWindowRestriction(() => openWindowSource(), log)
  const unlinkChoice = linkApplicationChoice(ui, restriction)
  const display = lazyDisplay(restriction)
  const outcome = await runAttendedSession({
    ui,
    openLink: (events) =>
      openRelayLink(
        { serverUrl, agentToken: redemption.agentToken, fingerprint: args.fingerprint },
        events,
      ),
    createScreenStream: async (sink, onError, screen) =>
      createScreenStream({
        capture: await display.open(),
        sink,
        onError,
        screen,
        allowsCopies: () => !restriction.isOn,
      }),
    openInput: async () => new MaskedInput(await openInput(), restriction),
    windowRestriction: restriction,
    openClipboard: () => openClipboard(log),
    receiveFolder: receiveFolder(args.receiveDir ?? defaultReceiveFolder()),
    log,
  })
  process.stdout.write(`${text.outcome(outcome)}\n`)
  await display.close()
  unlinkChoice()
  await restriction.close()
  await farewell(ui)
  return outcome === 'refused' || outcome === 'connection-lost' || outcome === 'failed' ? 1 : 0
}

/**
 * The display is opened at the first pairing (after consent) and serves every pairing; what
 * the customer did not choose to show is masked before any encoder sees it.
 */
function lazyDisplay(restriction: WindowRestriction): {
  open(): Promise<CaptureBackend>
  close(): Promise<void>
} {
  let opened: Promise<CaptureBackend> | null = null
  return {
    open: () =>
      (opened ??= openCapture().then((capture) => new MaskedCapture(capture, restriction))),
    close: async () => {
      const backend = await opened?.catch(() => null)
      await backend?.close()
    },
  }
}

async function askCode(text: AgentMessages): Promise<string | null> {
  if (!process.stdin.isTTY) return null
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = normaliseSessionCode(await prompt.question(text.askCode))
      if (result.ok) return result.code
      process.stdout.write(`${text.failure('invalid-code', null)}\n`)
    }
    return null
  } finally {
    prompt.close()
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`tasuke-agent: unexpected error: ${String(error)}\n`)
    process.exitCode = 1
  },
)
