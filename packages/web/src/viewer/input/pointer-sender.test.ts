import { describe, expect, it } from 'vitest'

import { type PointerMessage, PointerSender } from './pointer-sender'

function setup() {
  const sent: PointerMessage[] = []
  const frames: (() => void)[] = []
  const sender = new PointerSender({
    send: (message) => sent.push(message),
    scheduleFrame: (callback) => frames.push(callback),
  })
  const runFrame = () => {
    for (const callback of frames.splice(0)) callback()
  }
  return { sender, sent, frames, runFrame }
}

describe('PointerSender', () => {
  it('coalesces moves to the latest one per frame', () => {
    const { sender, sent, frames, runFrame } = setup()
    sender.move({ x: 1, y: 1 }, 0)
    sender.move({ x: 2, y: 2 }, 0)
    sender.move({ x: 3, y: 3 }, 0)
    expect(frames).toHaveLength(1)
    expect(sent).toEqual([])
    runFrame()
    expect(sent).toEqual([{ type: 'pointer-event', x: 3, y: 3, buttons: 0 }])
  })

  it('never sends a move that a press has overtaken', () => {
    const { sender, sent, runFrame } = setup()
    sender.move({ x: 5, y: 5 }, 0)
    sender.press({ x: 6, y: 6 }, 1)
    runFrame()
    expect(sent).toEqual([{ type: 'pointer-event', x: 6, y: 6, buttons: 1 }])
  })

  it('sends a drag as press, moves with the button held, release', () => {
    const { sender, sent, runFrame } = setup()
    sender.press({ x: 10, y: 10 }, 1)
    sender.move({ x: 20, y: 15 }, 1)
    runFrame()
    sender.move({ x: 30, y: 20 }, 1)
    runFrame()
    sender.press({ x: 30, y: 20 }, 0)
    expect(sent.map((message) => message.type === 'pointer-event' && message.buttons)).toEqual([
      1, 1, 1, 0,
    ])
    expect(sent.at(-1)).toEqual({ type: 'pointer-event', x: 30, y: 20, buttons: 0 })
  })

  it('does not repeat a move to where the pointer already is', () => {
    const { sender, sent, runFrame } = setup()
    sender.press({ x: 4, y: 4 }, 0)
    sender.move({ x: 4, y: 4 }, 0)
    runFrame()
    expect(sent).toHaveLength(1)
  })

  it('sends a wheel turn at once, moving the pointer there first if a move was pending', () => {
    const { sender, sent, runFrame } = setup()
    sender.move({ x: 7, y: 8 }, 0)
    sender.wheel({ x: 9, y: 9 }, 0, 120)
    runFrame()
    expect(sent).toEqual([
      { type: 'pointer-event', x: 9, y: 9, buttons: 0 },
      { type: 'wheel-event', x: 9, y: 9, deltaX: 0, deltaY: 120 },
    ])
  })

  it('drops everything in view-only mode, including a move waiting for its frame', () => {
    const { sender, sent, runFrame } = setup()
    sender.move({ x: 1, y: 1 }, 0)
    sender.setViewOnly(true)
    runFrame()
    sender.move({ x: 2, y: 2 }, 0)
    sender.press({ x: 2, y: 2 }, 1)
    sender.wheel({ x: 2, y: 2 }, 0, 40)
    runFrame()
    expect(sent).toEqual([])
    sender.setViewOnly(false)
    sender.press({ x: 3, y: 3 }, 1)
    expect(sent).toEqual([{ type: 'pointer-event', x: 3, y: 3, buttons: 1 }])
  })
})
