/** The browser test page: a display, pointer and keyboard input, driven by display.browser.test.ts. */
import { type ScreenEncoding, decodeScreenUpdate } from '@tasuke/protocol'

import { Display } from '../display'
import { KeyboardInput } from '../input/keyboard'
import { PointerInput } from '../input/pointer'
import type { ViewerTestApi } from './viewer-page-api'

const container = document.getElementById('screen')
const keys = document.getElementById('keys')
if (container === null || keys === null) throw new Error('test page is missing its elements')

const acks: number[] = []
const skipped: { reason: string; sequence: number }[] = []
const sent: unknown[] = []
const display = new Display(container, {
  onPainted: (sequence) => acks.push(sequence),
  onSkipped: (error, sequence) => skipped.push({ reason: error.reason, sequence }),
})
new PointerInput(display.canvas, {
  send: (message) => sent.push(message),
  onPress: () => {
    keys.focus()
  },
})
const keyboard = new KeyboardInput(keys, { send: (message) => sent.push(message) })

const api: ViewerTestApi = {
  acks,
  skipped,
  sent,
  resize: (width, height) => {
    display.resize(width, height)
  },
  apply: (payload, sequence) => {
    display.applyUpdate(decodeScreenUpdate(new Uint8Array(payload)), sequence)
  },
  applyUnchecked: (encoding, sequence) => {
    const update = { x: 0, y: 0, width: 1, height: 1, image: new Uint8Array(4) }
    display.applyUpdate({ ...update, encoding: encoding as ScreenEncoding }, sequence)
  },
  setScaleMode: (mode) => {
    display.setScaleMode(mode)
  },
  makeImage: async (type, width, height, css) => {
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d')
    if (context === null) throw new Error('no 2D context')
    context.fillStyle = css
    context.fillRect(0, 0, width, height)
    const blob = await canvas.convertToBlob({ type, quality: 1 })
    return [...new Uint8Array(await blob.arrayBuffer())]
  },
  pixel: (x, y) => {
    const context = display.canvas.getContext('2d')
    if (context === null) throw new Error('no 2D context')
    return [...context.getImageData(x, y, 1, 1).data]
  },
  sendCtrlAltDel: () => {
    keyboard.sendCtrlAltDel()
  },
}
window.viewerTest = api
