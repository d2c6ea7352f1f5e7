/** Stand-ins for the session's other ends in tests: the consent window, the screen stream, input. */
import type { ScreenQuality } from '@tasuke/protocol'

import type { ConsentUi, ConsentView, CustomerAction } from '../../consent-ui/index.js'
import type { InputBackend, KeyInput, PointerButton } from '../../input/input.js'
import type { ScreenStream, ScreenStreamSink } from '../../screen/screen-stream.js'

export interface FakeUi extends ConsentUi {
  readonly views: ConsentView[]
  act(action: CustomerAction): void
  last(): ConsentView | undefined
}

export function fakeUi(): FakeUi {
  const views: ConsentView[] = []
  const handlers = new Set<(action: CustomerAction) => void>()
  return {
    url: 'http://127.0.0.1:1/test/',
    views,
    update: (view) => views.push(view),
    showApplications: () => undefined,
    onAction: (handler) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    act: (action) => {
      for (const handler of [...handlers]) handler(action)
    },
    last: () => views.at(-1),
    close: () => Promise.resolve(),
  }
}

/** What a recording stream saw, and the order of `stop()` among other events. */
export interface StreamRecord {
  readonly acks: number[]
  readonly refreshes: number
  readonly qualities: ScreenQuality[]
  readonly isStopped: boolean
  readonly sink: ScreenStreamSink
}

/** A stream that sends screen-info and one update on start, and records what the console asks. */
export function recordingStreams(
  events: string[],
  size = { width: 640, height: 480 },
): { factory: (sink: ScreenStreamSink) => ScreenStream; streams: StreamRecord[] } {
  const streams: StreamRecord[] = []
  const factory = (sink: ScreenStreamSink): ScreenStream => {
    const record = {
      acks: [] as number[],
      refreshes: 0,
      qualities: [] as ScreenQuality[],
      isStopped: false,
      sink,
    }
    streams.push(record)
    const sendPicture = () => {
      if (record.isStopped) return
      sink.sendUpdate(
        { x: 0, y: 0, width: 1, height: 1, encoding: 1, image: new Uint8Array([1, 2, 3]) },
        false,
      )
    }
    return {
      start: () => {
        sink.sendMessage({ type: 'screen-info', ...size }, false)
        sendPicture()
        return Promise.resolve()
      },
      acknowledge: (sequence) => record.acks.push(sequence),
      refresh: () => {
        record.refreshes += 1
        sendPicture()
      },
      setQuality: (quality) => record.qualities.push(quality),
      stats: () => ({ updatesSent: 0, bytesSent: 0, updatesInFlight: 0, ackRoundTripMs: null }),
      stop: () => {
        record.isStopped = true
        events.push('stream-stopped')
        return Promise.resolve()
      },
    }
  }
  return { factory, streams }
}

/** An input backend that writes each call as a line, e.g. `move 10,20`, `down left`. */
export function recordingInput(calls: string[]): InputBackend {
  const record = (line: string) => {
    calls.push(line)
    return Promise.resolve()
  }
  return {
    movePointer: (x, y) => record(`move ${x},${y}`),
    buttonDown: (button: PointerButton) => record(`down ${button}`),
    buttonUp: (button: PointerButton) => record(`up ${button}`),
    wheel: (x, y) => record(`wheel ${x},${y}`),
    keyDown: (key: KeyInput) => record(`keydown ${key.code} ${key.key}`),
    keyUp: (key: KeyInput) => record(`keyup ${key.code} ${key.key}`),
    ctrlAltDelete: () => record('ctrl-alt-delete'),
    releaseAll: () => record('release-all'),
    close: () => record('close'),
  }
}
