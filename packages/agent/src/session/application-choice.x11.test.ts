/**
 * The consent window's list of applications follows the real windows of an Xvfb display, and
 * the customer's choice there reaches the restriction at once (SPEC.md P10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ApplicationsView } from '../consent-ui/index.js'
import { type Child, startChild } from '../test-support/processes.js'
import { waitFor } from '../test-support/wait-for.js'
import { startXvfb, type Xvfb } from '../test-support/xvfb.js'
import { createWindowRestriction, type WindowRestriction } from '../windows/index.js'
import { X11WindowSource } from '../windows/x11/x11-window-source.js'
import { linkApplicationChoice } from './application-choice.js'
import { fakeUi } from './test-support/fakes.js'

const TIMEOUT_MS = 30_000

describe('linkApplicationChoice on Xvfb', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let restriction: WindowRestriction
  const children: Child[] = []

  beforeAll(async () => {
    xvfb = await startXvfb('800x600')
    restriction = createWindowRestriction(
      () => X11WindowSource.open({ display: xvfb.display }),
      () => undefined,
    )
  }, TIMEOUT_MS)

  afterAll(async () => {
    await restriction.close()
    await Promise.all(children.map((child) => child.stop()))
    await xvfb.stop()
  })

  it('[P10] lists windows as they open and close, and applies the choice made in the window', async () => {
    const shown: ApplicationsView[] = []
    const ui = { ...fakeUi(), showApplications: (choice: ApplicationsView) => shown.push(choice) }
    const unlink = linkApplicationChoice(ui, restriction)
    const titles = () => shown.at(-1)?.applications.map((app) => app.title) ?? []
    expect(shown.at(-1)).toEqual({ mode: 'whole-screen', chosen: [], applications: [] })

    const editor = startChild('xterm', ['-T', 'editor'], xvfb.env)
    children.push(editor)
    await waitFor('the editor listed', () => (titles().includes('editor') ? true : undefined))
    children.push(startChild('xterm', ['-T', 'mail'], xvfb.env))
    await waitFor('the mail listed', () => (titles().includes('mail') ? true : undefined))
    const mail = shown.at(-1)?.applications.find((app) => app.title === 'mail')
    if (mail === undefined) throw new Error('mail is not listed')
    // Only what the page shows is sent: no repeat for the same list.
    const count = shown.length
    await restriction.settle()
    expect(shown).toHaveLength(count)

    ui.act({ type: 'set-shown-applications', mode: 'chosen', chosen: [mail.id] })
    expect(restriction.isOn).toBe(true)
    expect(shown.at(-1)).toMatchObject({ mode: 'chosen', chosen: [mail.id] })
    expect(restriction.visibleRegion()).not.toEqual([])

    await editor.stop()
    await waitFor('the editor gone', () => (titles().includes('editor') ? undefined : true))
    expect(shown.at(-1)).toMatchObject({ mode: 'chosen', chosen: [mail.id] })

    unlink()
    ui.act({ type: 'set-shown-applications', mode: 'whole-screen', chosen: [] })
    expect(restriction.isOn).toBe(true)
  })
})
