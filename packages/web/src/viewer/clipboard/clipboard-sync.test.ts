import { CLIPBOARD_TEXT_MAX_LENGTH } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { type ClipboardState, ClipboardSync, type ClipboardTextMessage } from './clipboard-sync'

function setup(options: { isSecured?: boolean; canWrite?: boolean } = {}) {
  const sent: ClipboardTextMessage[] = []
  const written: string[] = []
  const states: ClipboardState[] = []
  let canWrite = options.canWrite ?? true
  /** The operator's clipboard as the browser would read it; null when it refuses. */
  const operatorClipboard: { text: string | null; reads: number } = { text: '', reads: 0 }
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
    readClipboard: () => {
      operatorClipboard.reads += 1
      const { text } = operatorClipboard
      if (text === null) return Promise.reject(new DOMException('Read permission denied.'))
      return Promise.resolve(text)
    },
  })
  sync.onChange((state) => states.push(state))
  const allowWriting = () => {
    canWrite = true
  }
  return { sync, sent, written, states, allowWriting, operatorClipboard }
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

  it('[P9] on focus, sends the operator’s clipboard only when it changed', async () => {
    const { sync, sent, operatorClipboard } = setup()
    operatorClipboard.text = '注文番号 12345'
    expect(await sync.readOnFocus()).toBe('sent')
    expect(await sync.readOnFocus()).toBe('unchanged')
    expect(sent).toEqual([{ type: 'clipboard-text', text: '注文番号 12345' }])
    operatorClipboard.text = 'another'
    expect(await sync.readOnFocus()).toBe('sent')
    expect(sent.map((message) => message.text)).toEqual(['注文番号 12345', 'another'])
    operatorClipboard.text = ''
    expect(await sync.readOnFocus()).toBe('unchanged')
    expect(sent).toHaveLength(2)
  })

  it('[P9] on focus, does not send back what the customer just copied, nor what was sent already', async () => {
    const { sync, sent, operatorClipboard } = setup()
    sync.handleText('from the customer')
    await settle()
    operatorClipboard.text = 'from the customer'
    expect(await sync.readOnFocus()).toBe('unchanged')
    expect(sync.sendText('typed in the panel')).toBeNull()
    operatorClipboard.text = 'typed in the panel'
    expect(await sync.readOnFocus()).toBe('unchanged')
    expect(sent.map((message) => message.text)).toEqual(['typed in the panel'])
  })

  it('[P9] on focus, reads nothing while the customer does not share', async () => {
    const { sync, sent, operatorClipboard } = setup()
    operatorClipboard.text = 'secret'
    sync.handleSharing(false)
    expect(await sync.readOnFocus()).toBe('not-shared')
    expect(operatorClipboard.reads).toBe(0)
    expect(sent).toEqual([])
  })

  it('[P9] on focus, shows that the browser refused to read, until a read works again', async () => {
    const { sync, sent, states, operatorClipboard } = setup()
    operatorClipboard.text = null
    expect(await sync.readOnFocus()).toBe('refused')
    expect(sync.state.isReadRefused).toBe(true)
    expect(await sync.readOnFocus()).toBe('refused')
    expect(states.filter((state) => state.isReadRefused)).toHaveLength(1)
    operatorClipboard.text = 'allowed now'
    expect(await sync.readOnFocus()).toBe('sent')
    expect(sync.state.isReadRefused).toBe(false)
    expect(sent).toEqual([{ type: 'clipboard-text', text: 'allowed now' }])
  })

  it('[P9] on focus, a second focus while the browser still reads sends nothing twice', async () => {
    const { sync, sent, operatorClipboard } = setup()
    operatorClipboard.text = 'once'
    const first = sync.readOnFocus()
    expect(await sync.readOnFocus()).toBe('busy')
    expect(await first).toBe('sent')
    expect(sent).toHaveLength(1)
  })
})
