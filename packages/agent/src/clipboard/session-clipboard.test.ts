import { describe, expect, it } from 'vitest'

import type { ClipboardBackend } from './clipboard.js'
import { sessionClipboard } from './session-clipboard.js'

/** A clipboard in memory: it records what it was given and copies on demand. */
class MemoryClipboard implements ClipboardBackend {
  readonly written: string[] = []
  isClosed = false
  readonly #listeners = new Set<(text: string) => void>()

  onText(listener: (text: string) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  setText(text: string): Promise<void> {
    this.written.push(text)
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.isClosed = true
    return Promise.resolve()
  }

  copy(text: string): void {
    if (!this.isClosed) for (const listener of this.#listeners) listener(text)
  }
}

function memoryClipboards() {
  const opened: MemoryClipboard[] = []
  const open = (): Promise<ClipboardBackend> => {
    const backend = new MemoryClipboard()
    opened.push(backend)
    return Promise.resolve(backend)
  }
  const customerCopies = (text: string) => {
    for (const backend of opened) backend.copy(text)
  }
  return { open, opened, customerCopies }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('the session clipboard', () => {
  it('[P9] opens only while shared, and reports and writes only then', async () => {
    const clipboards = memoryClipboards()
    const clipboard = sessionClipboard(clipboards.open, () => undefined, false)
    const copied: string[] = []
    clipboard.onText((text) => copied.push(text))
    await clipboard.write('dropped while off')
    await settle()
    expect(clipboards.opened).toHaveLength(0)

    clipboard.setSharing(true)
    await settle()
    await clipboard.write('from the operator')
    clipboards.customerCopies('from the customer')
    await settle()
    expect(clipboards.opened).toHaveLength(1)
    expect(clipboards.opened[0]?.written).toEqual(['from the operator'])
    expect(copied).toEqual(['from the customer'])

    clipboard.setSharing(false)
    await settle()
    expect(clipboards.opened[0]?.isClosed).toBe(true)
    clipboards.customerCopies('not while off')
    await clipboard.write('not while off either')
    await settle()
    expect(copied).toEqual(['from the customer'])
    expect(clipboards.opened[0]?.written).toEqual(['from the operator'])

    clipboard.setSharing(true)
    await settle()
    clipboards.customerCopies('on again')
    await settle()
    expect(clipboards.opened).toHaveLength(2)
    expect(copied).toEqual(['from the customer', 'on again'])
    await clipboard.close()
    expect(clipboards.opened[1]?.isClosed).toBe(true)
  })

  it('[P9] closes a backend that finished opening after sharing was switched off', async () => {
    const clipboards = memoryClipboards()
    const clipboard = sessionClipboard(clipboards.open, () => undefined, true)
    clipboard.setSharing(false)
    await settle()
    expect(clipboards.opened[0]?.isClosed).toBe(true)
    await clipboard.close()
  })

  it('[P9] logs a backend that cannot open and stays quiet', async () => {
    const logged: string[] = []
    const clipboard = sessionClipboard(
      () => Promise.reject(new Error('no XFIXES')),
      (line) => logged.push(line),
      true,
    )
    await clipboard.write('nowhere to go')
    await settle()
    expect(logged).toEqual(['clipboard sharing is not available: no XFIXES'])
    await clipboard.close()
  })
})
