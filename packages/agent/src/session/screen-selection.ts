/**
 * The operator's monitor choice within one pairing (SPEC.md P8): remembers the monitors the
 * stream last listed and the one shown, tells whether a `select-screen` changes anything,
 * and maps the console's input positions (relative to the shown view) onto the desktop.
 */
import type { AgentToConsole, MessageOf } from '@tasuke/protocol'

import type { InputMessage, InputPlayer, ScreenSize } from './input-player.js'

type ScreenList = MessageOf<AgentToConsole, 'screens'>

export interface ScreenSelection {
  /** The choice the next stream is made with: `all` or a monitor id. */
  readonly selected: string
  /** The stream listed the monitors (after each start and on every layout change). */
  handleScreenList(list: ScreenList): void
  /** The operator picked `screen`; true when the stream must restart to show it. */
  select(screen: string): boolean
  /** The player the pairing uses: positions offset by the view's origin, clamped to it. */
  readonly input: InputPlayer | null
}

export function createScreenSelection(player: InputPlayer | null): ScreenSelection {
  let selected = 'all'
  let screens: ScreenList['screens'] = []
  let size: ScreenSize | null = null

  const view = () => {
    const shown = screens.find((screen) => screen.id === selected)
    const origin = shown ?? { x: 0, y: 0 }
    return {
      x: origin.x,
      y: origin.y,
      width: size?.width ?? 65_536,
      height: size?.height ?? 65_536,
    }
  }

  const toDesktop = (message: InputMessage): InputMessage => {
    if (message.type !== 'pointer-event' && message.type !== 'wheel-event') return message
    const { x, y, width, height } = view()
    return {
      ...message,
      x: x + clamp(message.x, width - 1),
      y: y + clamp(message.y, height - 1),
    }
  }

  const input: InputPlayer | null =
    player === null
      ? null
      : {
          play: (message) => {
            player.play(toDesktop(message))
          },
          // The view's size clamps here; the player only sees desktop positions.
          setScreenSize: (next) => {
            size = next
          },
          releaseAll: () => player.releaseAll(),
          idle: () => player.idle(),
        }

  return {
    get selected() {
      return selected
    },
    handleScreenList(list) {
      screens = list.screens
      selected = list.selected
    },
    select(screen) {
      const isKnown = screen === 'all' || screens.some((candidate) => candidate.id === screen)
      if (!isKnown || screen === selected) return false
      selected = screen
      return true
    },
    input,
  }
}

function clamp(value: number, max: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(Math.max(Math.round(value), 0), Math.max(max, 0))
}
