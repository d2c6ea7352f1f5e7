/** Opening and closing an X connection with promises over the `x11` package's callbacks. */
import {
  createClient,
  type Damage,
  type Display,
  type Fixes,
  type Randr,
  type Shm,
  type XClient,
  type Xinerama,
  type XTest,
} from 'x11'

export interface X11Connection {
  readonly display: Display
  readonly client: XClient
  readonly root: number
  /** Rejects when the server closes the connection (it exited, or the session ended). */
  readonly lost: Promise<never>
  readonly isLost: () => boolean
  /**
   * Calls `listener` once if the connection is lost; the returned function removes it. Unlike
   * racing against `lost`, nothing stays attached to the connection once the caller is done.
   */
  readonly onLost: (listener: (error: X11Error) => void) => () => void
}

const CLOSE_TIMEOUT_MS = 2000

export class X11Error extends Error {
  override readonly name = 'X11Error'
}

/** Connects to `displayName` (default `$DISPLAY`); rejects when no server answers. */
export function connectX11(displayName = process.env.DISPLAY): Promise<X11Connection> {
  if (displayName === undefined || displayName === '') {
    return Promise.reject(new X11Error('DISPLAY is not set: no X server to connect to'))
  }
  return new Promise((resolve, reject) => {
    let isSettled = false
    const client = createClient({ display: displayName }, (error, display) => {
      if (isSettled) return
      isSettled = true
      if (error) {
        reject(new X11Error(`cannot connect to X display ${displayName}: ${error.message}`))
        return
      }
      const screen = display.screen[0]
      if (screen === undefined) {
        reject(new X11Error(`X display ${displayName} has no screen`))
        return
      }
      let lostError: X11Error | null = null
      const listeners = new Set<(error: X11Error) => void>()
      const lost = new Promise<never>((_, rejectLost) => {
        // A server that dies mid-conversation may reset the socket (a close with no end), so
        // both count. The client's 'error' events are X protocol errors, not a lost link.
        const markLost = () => {
          if (lostError !== null) return
          lostError = new X11Error(`the X display ${displayName} closed the connection`)
          rejectLost(lostError)
          for (const listener of listeners) listener(lostError)
          listeners.clear()
        }
        display.client.once('end', markLost)
        display.client.stream?.once('close', markLost)
      })
      lost.catch(() => undefined) // observed by the capture backend
      const onLost = (listener: (error: X11Error) => void) => {
        if (lostError !== null) {
          listener(lostError)
          return () => undefined
        }
        listeners.add(listener)
        return () => {
          listeners.delete(listener)
        }
      }
      resolve({
        display,
        client: display.client,
        root: screen.root,
        lost,
        isLost: () => lostError !== null,
        onLost,
      })
    })
    client.on('error', (error) => {
      if (isSettled) return
      isSettled = true
      reject(new X11Error(`cannot connect to X display ${displayName}: ${error.message}`))
    })
  })
}

/** Round-trips (so requests already sent have been processed), then closes the socket. */
export function closeX11(connection: X11Connection): Promise<void> {
  if (connection.isLost()) return Promise.resolve()
  return new Promise((resolve) => {
    // A server that already went away never answers the closing round trip.
    const timer = setTimeout(() => {
      connection.client.terminate()
      resolve()
    }, CLOSE_TIMEOUT_MS)
    connection.client.close(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}

interface Extensions {
  damage: Damage
  fixes: Fixes
  shm: Shm
  xtest: XTest
  randr: Randr
  xinerama: Xinerama
}

/** Loads an extension; resolves `null` when the server does not have it. */
export function requireExtension<K extends keyof Extensions>(
  connection: X11Connection,
  name: K,
): Promise<Extensions[K] | null> {
  return new Promise((resolve) => {
    const done = (error: Error | null | undefined, extension: Extensions[K]): void => {
      resolve(error ? null : extension)
    }
    // The library's `require` dispatches on the module name; its overloads are per name.
    const load = connection.client.require.bind(connection.client) as (
      name: K,
      callback: typeof done,
    ) => void
    load(name, done)
  })
}

/** Adapts a `(…, callback(error, result))` request to a promise. */
export function request<T>(
  send: (callback: (error: Error | null | undefined, result: T) => void) => void,
) {
  return new Promise<T>((resolve, reject) => {
    send((error, result) => {
      if (error) reject(error)
      else resolve(result)
    })
  })
}

/** Resolves once the server has processed every request sent so far. */
export function syncX11(connection: X11Connection): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.client.sync((error) => {
      if (error) reject(error)
      else resolve()
    })
  })
}

/**
 * `work`, or a rejection as soon as the display goes away (its replies would never come).
 * Not `Promise.race([work, connection.lost])`: every race would stay attached to the
 * never-settling `lost` promise and keep its result (a whole screen grab) alive for good.
 */
export function whileConnected<T>(connection: X11Connection, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stopListening = connection.onLost(reject)
    work.then(
      (value) => {
        stopListening()
        resolve(value)
      },
      (error: unknown) => {
        stopListening()
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
