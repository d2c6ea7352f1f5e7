/**
 * Something to see on the customer's X display: an xterm, black on white, placed the same
 * way in every test, so the operator's canvas has text to be compared with the display.
 */
import { ProgramExitedError, type XDisplay, waitForWindow } from './x-display.js'

/**
 * Starts an xterm running `script` in bash and waits until its window is shown. It runs in
 * UTF-8 (the display's bare environment has no locale), so é or 日本 can be typed and shown.
 */
export async function startTerminal(x: XDisplay, script: string): Promise<void> {
  const launch = () =>
    x.launch('env', [
      'LC_ALL=C.UTF-8',
      'xterm',
      '-u8',
      '-geometry',
      '80x24+40+40',
      '-bg',
      'white',
      '-fg',
      'black',
      '-e',
      'bash',
      '-c',
      script,
    ])
  try {
    await waitForWindow(x, 'xterm', undefined, launch())
  } catch (error) {
    // An xterm that died while starting (a loaded machine) is started once more; one that
    // is merely slow is not.
    if (!(error instanceof ProgramExitedError)) throw error
    await waitForWindow(x, 'xterm', undefined, launch())
  }
}

/** An xterm that shows `text` and then keeps still (no prompt, no output after it). */
export function startTerminalShowing(x: XDisplay, text: string): Promise<void> {
  // `cat` with nothing typed waits for ever without drawing anything.
  return startTerminal(x, `printf '%s\\n' '${text.replace(/'/g, '')}' && exec cat`)
}
