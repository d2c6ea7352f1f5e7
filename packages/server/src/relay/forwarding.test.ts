import { describe, expect, it } from 'vitest'

import { TEST_OPTIONS, createRelayFixture, frame } from './test-support/relay-fixture.js'

const { windowBytes, lowWaterBytes } = TEST_OPTIONS
const FRAME_BYTES = 4096

describe('relay: back-pressure per direction', () => {
  it('pauses the writer while its reader is full and resumes it once drained, dropping nothing', async () => {
    const { pair, relay } = createRelayFixture()
    const { agent, console } = await pair()
    console.stopReading()
    const sent = Array.from({ length: 40 }, (_, index) => frame(FRAME_BYTES, { sequence: index }))
    for (const bytes of sent) agent.sendBinary(bytes)

    expect(agent.isPausedByRelay).toBe(true)
    expect(agent.waitingToSend).toBeGreaterThan(0) // the rest waits on the agent's side
    const { queuedBytes, peakQueuedBytes } = relay.stats()
    expect(queuedBytes).toBeGreaterThanOrEqual(windowBytes)
    expect(peakQueuedBytes).toBeLessThan(windowBytes + FRAME_BYTES + 100)

    console.startReading()
    expect(agent.isPausedByRelay).toBe(false)
    expect(console.frames).toEqual(sent)
    expect(relay.stats().queuedBytes).toBe(0)
    expect(relay.stats().peakQueuedBytes).toBeLessThan(windowBytes + FRAME_BYTES + 100)
  })

  it('drops droppable frames while the reader is congested, never reliable ones', async () => {
    const { pair, relay } = createRelayFixture()
    const { agent, console } = await pair()
    console.stopReading()
    const reliable: Uint8Array[] = []
    for (let index = 0; (index + 1) * FRAME_BYTES <= lowWaterBytes + FRAME_BYTES; index += 1) {
      const bytes = frame(FRAME_BYTES, { sequence: index })
      reliable.push(bytes)
      agent.sendBinary(bytes)
    }
    expect(agent.isPausedByRelay).toBe(false) // above the low water, below the window
    for (let index = 0; index < 5; index += 1) {
      agent.sendBinary(frame(FRAME_BYTES, { droppable: true, sequence: index }))
    }
    const last = frame(100, { sequence: reliable.length })
    agent.sendBinary(last)
    expect(relay.stats().droppedFrames).toBe(5)

    console.startReading()
    expect(console.frames).toEqual([...reliable, last])
    const fresh = frame(100, { droppable: true, sequence: 9 })
    agent.sendBinary(fresh)
    expect(console.frames.at(-1)).toEqual(fresh) // not congested any more: delivered
  })

  it('never couples the directions: a full console does not slow what goes to the agent', async () => {
    const { pair } = createRelayFixture()
    const { agent, console } = await pair()
    console.stopReading()
    for (let index = 0; index < 40; index += 1) agent.sendBinary(frame(FRAME_BYTES))
    expect(agent.isPausedByRelay).toBe(true)

    const input = frame(64)
    console.sendBinary(input)
    expect(console.isPausedByRelay).toBe(false)
    expect(agent.frames).toEqual([input])
  })

  it('resumes a paused writer when its reader leaves', async () => {
    const { pair } = createRelayFixture()
    const { agent, console } = await pair()
    console.stopReading()
    for (let index = 0; index < 40; index += 1) agent.sendBinary(frame(FRAME_BYTES))
    expect(agent.isPausedByRelay).toBe(true)
    console.close(1006)
    expect(agent.isPausedByRelay).toBe(false)
  })
})
