/**
 * DAMAGE on the root window, NonEmpty level: one event when something is drawn, then
 * Subtract into an XFIXES region and FetchRegion for the rectangles (0.8 ms from drawing to
 * the list in the spike), which coalesces bursts instead of one event per raw rectangle.
 */
import type { Damage, Fixes, XEvent } from 'x11'

import { type X11Connection, request } from '../../x11/connection.js'
import type { Rect } from '../capture.js'

export class DamageWatch {
  readonly #connection: X11Connection
  readonly #damage: Damage
  readonly #fixes: Fixes
  readonly #onRects: (rects: Rect[]) => void
  #damageId = 0
  #regionId = 0
  #isFetching = false
  #isFetchWanted = false

  constructor(
    connection: X11Connection,
    extensions: { damage: Damage; fixes: Fixes },
    onRects: (rects: Rect[]) => void,
  ) {
    this.#connection = connection
    this.#damage = extensions.damage
    this.#fixes = extensions.fixes
    this.#onRects = onRects
  }

  start(): void {
    const { client, root } = this.#connection
    this.#damageId = client.AllocID()
    this.#regionId = client.AllocID()
    this.#fixes.CreateRegion(this.#regionId, [])
    this.#damage.Create(this.#damageId, root, this.#damage.ReportLevel.NonEmpty)
  }

  stop(): void {
    if (this.#damageId === 0) return
    this.#damage.Destroy(this.#damageId)
    this.#fixes.DestroyRegion(this.#regionId)
    this.#damageId = 0
    this.#regionId = 0
  }

  handleEvent(event: XEvent): void {
    if (event.name !== 'DamageNotify' || event.damage !== this.#damageId || this.#damageId === 0) {
      return
    }
    this.#isFetchWanted = true
    if (!this.#isFetching) void this.#fetch()
  }

  async #fetch(): Promise<void> {
    this.#isFetching = true
    try {
      while (this.#isFetchWanted && this.#damageId !== 0) {
        this.#isFetchWanted = false
        const region = this.#regionId
        // Moves the damage so far into `region` and re-arms the NonEmpty report.
        this.#damage.Subtract(this.#damageId, 0, region)
        const fetched = await request<{ rectangles: Rect[] }>((done) => {
          this.#fixes.FetchRegion(region, done)
        })
        if (fetched.rectangles.length > 0 && this.#damageId !== 0) this.#onRects(fetched.rectangles)
      }
    } catch {
      // The connection closed while fetching: nothing left to report.
    } finally {
      this.#isFetching = false
    }
  }
}
