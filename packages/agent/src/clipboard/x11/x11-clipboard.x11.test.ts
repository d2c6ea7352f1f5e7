import { type ChildProcess, execFile, spawn } from 'node:child_process'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { waitFor } from '../../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../../test-support/xvfb.js'
import { X11Clipboard } from './x11-clipboard.js'

const TIMEOUT_MS = 30_000

/** `xclip -o` for `target`: the clipboard as another X client pastes it. */
function paste(xvfb: Xvfb, target: string): Promise<{ ok: boolean; text: string }> {
  return new Promise((resolve) => {
    const args = ['-selection', 'clipboard', '-o', '-t', target]
    execFile('xclip', args, { env: xvfb.env, timeout: 10_000 }, (error, stdout) => {
      resolve({ ok: error === null, text: stdout })
    })
  })
}

describe('X11Clipboard on Xvfb (SPEC.md P9)', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let clipboard: X11Clipboard
  const logged: string[] = []
  const received: string[] = []
  const copiers: ChildProcess[] = []

  /** Another program copies `text` (xclip stays the owner until someone else takes it). */
  const copy = (text: string) => {
    const child = spawn('xclip', ['-selection', 'clipboard', '-i', '-quiet'], {
      env: xvfb.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    copiers.push(child)
    child.stdin.end(text)
  }

  beforeAll(async () => {
    xvfb = await startXvfb('640x480')
    clipboard = await X11Clipboard.open((line) => logged.push(line), xvfb.display)
    clipboard.onText((text) => received.push(text))
  }, TIMEOUT_MS)

  afterEach(() => {
    received.length = 0
    logged.length = 0
  })

  afterAll(async () => {
    await clipboard.close()
    for (const child of copiers) if (child.exitCode === null && child.pid) child.kill('SIGTERM')
    await xvfb.stop()
  })

  it('[P9] reports text another program copies, Japanese included', async () => {
    copy('こんにちは、世界 — clipboard ✓\nline 2')
    await waitFor('the copied text', () => (received.length > 0 ? true : undefined))
    expect(received).toEqual(['こんにちは、世界 — clipboard ✓\nline 2'])
  })

  it('[P9] gives the operator’s text to another program as UTF8_STRING, STRING and TEXT', async () => {
    await clipboard.setText('日本語 café €5')
    expect(await paste(xvfb, 'UTF8_STRING')).toEqual({ ok: true, text: '日本語 café €5' })
    expect(await paste(xvfb, 'TEXT')).toEqual({ ok: true, text: '日本語 café €5' })
    // STRING is ISO Latin-1: é survives, the rest is replaced one for one.
    const latin1 = await new Promise<Buffer>((resolve) => {
      const args = ['-selection', 'clipboard', '-o', '-t', 'STRING']
      execFile('xclip', args, { env: xvfb.env, encoding: 'buffer' }, (_error, stdout) => {
        resolve(stdout)
      })
    })
    expect(latin1.toString('latin1')).toBe('??? café ?5')
    const targets = await paste(xvfb, 'TARGETS')
    expect(targets.text.split('\n').filter(Boolean)).toEqual([
      'TARGETS',
      'UTF8_STRING',
      'STRING',
      'TEXT',
    ])
    // Anything else is refused: xclip gets property None and fails.
    expect((await paste(xvfb, 'image/png')).ok).toBe(false)
  })

  it('[P9] does not report the operator’s own text back as a copy', async () => {
    await clipboard.setText('from the operator')
    expect((await paste(xvfb, 'UTF8_STRING')).text).toBe('from the operator')
    // Events arrive in order: had our own ownership been reported, it would come first.
    copy('then the customer copies')
    await waitFor('the customer’s copy', () => (received.length > 0 ? true : undefined))
    expect(received).toEqual(['then the customer copies'])
  })

  it('[P9] refuses text longer than 16,384 characters with a log line, and goes on', async () => {
    copy('x'.repeat(16_385))
    await waitFor('the log line', () => (logged.length > 0 ? true : undefined))
    expect(logged[0]).toMatch(/longer than 16,384 characters was not shared/)
    copy('y'.repeat(80_000)) // more bytes than one text may take: not even read whole
    await waitFor('the second log line', () => (logged.length > 1 ? true : undefined))
    expect(logged[1]).toMatch(/longer than 16,384 characters was not shared/)
    copy('a'.repeat(16_384))
    await waitFor('the text at the limit', () => (received.length > 0 ? true : undefined))
    expect(received).toEqual(['a'.repeat(16_384)])
  })

  it('[P9] works again after closing and opening, even once the display reset its atoms', async () => {
    await Promise.all(
      copiers.splice(0).map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) resolve(null)
            else child.once('exit', resolve).kill('SIGTERM')
          }),
      ),
    )
    await clipboard.close()
    // The clipboard's connection was the display's last client: Xvfb reset and forgot atoms.
    clipboard = await X11Clipboard.open((line) => logged.push(line), xvfb.display)
    clipboard.onText((text) => received.push(text))
    copy('after opening again')
    await waitFor('the copy', () => (received.length > 0 ? true : undefined))
    expect(received).toEqual(['after opening again'])
    await clipboard.setText('and the other way')
    expect(await paste(xvfb, 'UTF8_STRING')).toEqual({ ok: true, text: 'and the other way' })
  })

  it('[P9] refuses an incremental (INCR) transfer with a log line, and goes on', async () => {
    // xclip sends more than a quarter of the largest request incrementally (about 1 MiB here).
    copy('z'.repeat(1_200_000))
    await waitFor('the INCR log line', () => (logged.length > 0 ? true : undefined))
    expect(logged[0]).toMatch(/INCR/)
    copy('after the large one')
    await waitFor('the next copy', () => (received.length > 0 ? true : undefined))
    expect(received).toEqual(['after the large one'])
  })
})
