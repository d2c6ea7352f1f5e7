/**
 * The customer's side of a session in one step: the program started for a number on the
 * customer's display, its window opened in Chromium, and 承諾 clicked there.
 */
import type { Browser, Page } from 'playwright-core'

import { type AgentProcess, CONSENT_URL, startAgent } from './agent-process.js'
import { newContext } from './browser.js'
import { certificateFingerprint } from './certificate.js'
import type { TestServer } from './start-server.js'
import type { XDisplay } from './x-display.js'

export interface AcceptingCustomer {
  readonly agent: AgentProcess
  /** The program's own window, after 承諾. */
  readonly window: Page
}

/**
 * Runs the program (`executable`, or the build output when undefined) for `code` on `x`,
 * pinned to the server's certificate, in Japanese, and clicks 承諾 in its window.
 * `extraArgs` go on its command line after the usual ones; `extraEnv` (e.g. HOME) into its
 * environment.
 */
export async function customerAccepts(
  browser: Browser,
  server: TestServer,
  code: string,
  x: XDisplay,
  executable?: string,
  extraArgs: readonly string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<AcceptingCustomer> {
  const agent = startAgent(
    [
      '--server',
      server.url,
      '--code',
      code,
      '--fingerprint',
      await certificateFingerprint(server.url),
      '--lang',
      'ja',
      '--no-browser',
      ...extraArgs,
    ],
    executable,
    { ...x.env, ...extraEnv },
  )
  const [, url] = await agent.waitFor(CONSENT_URL)
  const window = await (await newContext(browser, 'ja-JP')).newPage()
  await window.goto(url ?? '')
  await window.getByRole('button', { name: '承諾' }).click()
  return { agent, window }
}
