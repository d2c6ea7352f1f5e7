/** A `ws` client for the relay's real-socket tests: collects what arrives, waits for it. */
import { WebSocket } from 'ws'

export interface TestClient {
  readonly ws: WebSocket
  readonly messages: Array<{ type: string } & Record<string, unknown>>
  readonly frames: Buffer[]
  /** Resolves with the close code once the socket closed. */
  readonly closed: Promise<number>
  /** Waits until the `nth` (1-based) message of `type` arrived (counting those already here). */
  message(type: string, nth?: number): Promise<Record<string, unknown>>
  /** Waits until `count` frames arrived. */
  framesArrived(count: number): Promise<void>
  sendJson(message: unknown): void
}

export function connectClient(url: string, headers: Record<string, string> = {}): TestClient {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false })
  const messages: TestClient['messages'] = []
  const frames: Buffer[] = []
  const waiters = new Set<() => void>()
  const notify = () => {
    for (const waiter of [...waiters]) waiter()
  }
  ws.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[])
    if (isBinary) frames.push(bytes)
    else messages.push(JSON.parse(bytes.toString('utf8')) as TestClient['messages'][number])
    notify()
  })
  ws.on('error', () => undefined)
  const closed = new Promise<number>((resolve) =>
    ws.on('close', (code) => {
      resolve(code)
    }),
  )
  const until = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return
        waiters.delete(check)
        resolve()
      }
      waiters.add(check)
      void closed.then(() => {
        if (waiters.delete(check)) {
          if (done()) resolve()
          else reject(new Error(`socket closed while waiting (${JSON.stringify(messages)})`))
        }
      })
      check()
    })
  return {
    ws,
    messages,
    frames,
    closed,
    async message(type, nth = 1) {
      const ofType = () => messages.filter((message) => message.type === type)
      await until(() => ofType().length >= nth)
      return ofType()[nth - 1] ?? {}
    },
    framesArrived: (count) => until(() => frames.length >= count),
    sendJson(message) {
      const send = () => {
        ws.send(JSON.stringify(message))
      }
      if (ws.readyState === WebSocket.OPEN) send()
      else ws.once('open', send)
    },
  }
}
