import { CLIPBOARD_TEXT_MAX_LENGTH } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { type ClipboardState, ClipboardSync, type ClipboardTextMessage } from './clipboard-sync'

function setup(options: { isSecured?: boolean; canWrite?: boolean } = {}) {
  const sent: ClipboardTextMessage[] = []
  const written: string[] = []
  const states: ClipboardState[] = []
  let canWrite = options.canWrite ?? true
  const sync = new ClipboardSync({
    send: (message) => {
      if (options.isSecured === false) return false
      sent.push(message)
      return true
    },
    writeClipboard: (text) => {
      if (!canWrite) return Promise.reject(new DOMException('Document is not focused.'))
      written.push(text)
      return Promise.resolve()
    },
  })
  sync.onChange((state) => states.push(state))
  const allowWriting = () => {
    canWrite = true
  }
  return { sync, sent, written, states, allowWriting }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('ClipboardSync', () => {
  it('[P9] puts the customer’s text on the operator’s clipboard', async () => {
    const { sync, written } = setup()
    sync.handleText('お客様のテキスト')
    await settle()
    expect(written).toEqual(['お客様のテキスト'])
    expect(sync.state.fromCustomer).toEqual({ text: 'お客様のテキスト', isCopied: true })
  })

  it('[P9] keeps the text on show when the browser refuses, and copies it on request', async () => {
    const { sync, written, allowWriting } = setup({ canWrite: false })
    sync.handleText('not focused')
    await settle()
    expect(written).toEqual([])
    expect(sync.state.fromCustomer).toEqual({ text: 'not focused', isCopied: false })
    allowWriting()
    expect(await sync.copyAgain()).toBe(true)
    expect(written).toEqual(['not focused'])
    expect(sync.state.fromCustomer).toEqual({ text: 'not focused', isCopied: true })
  })

  it('[P9] sends the operator’s text, and refuses empty, too long, unconnected or unshared', () => {
    const { sync, sent } = setup()
    expect(sync.sendText('オペレーター')).toBeNull()
    expect(sent).toEqual([{ type: 'clipboard-text', text: 'オペレーター' }])
    expect(sync.sendText('')).toBe('empty')
    expect(sync.sendText('a'.repeat(CLIPBOARD_TEXT_MAX_LENGTH + 1))).toBe('too-long')
    expect(setup({ isSecured: false }).sync.sendText('x')).toBe('not-connected')
    sync.handleSharing(false)
    expect(sync.sendText('while off')).toBe('not-shared')
    expect(sent).toHaveLength(1)
  })

  it('[P9] takes no customer text while the customer does not share, and reports each change', async () => {
    const { sync, written, states } = setup()
    sync.handleSharing(false)
    sync.handleText('late')
    await settle()
    expect(written).toEqual([])
    sync.handleSharing(false)
    sync.handleSharing(true)
    expect(states.map((state) => state.isShared)).toEqual([false, true])
  })
})
