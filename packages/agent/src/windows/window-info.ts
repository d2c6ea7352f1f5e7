/**
 * What the agent knows about one top-level window on the desktop, whatever the platform: the
 * input of the customer's application choice and of the visible region (SPEC.md P10).
 * @module
 */
import type { Rect } from '../capture/capture.js'

export interface WindowInfo {
  /** The top-level window (a child of the root: the frame, under a reparenting manager). */
  readonly id: number
  /** The application's own window: the one with WM_STATE, or the top-level itself. */
  readonly client: number
  /** `_NET_WM_NAME`, else `WM_NAME`; empty when the window has neither. */
  readonly title: string
  /** `WM_CLASS` instance and class; empty when unset. */
  readonly instance: string
  readonly className: string
  /** `_NET_WM_PID`, when the application set it. */
  readonly pid: number | null
  /** `WM_TRANSIENT_FOR`: the window this one is a dialog or menu of, when set. */
  readonly transientFor: number | null
  /** Desktop coordinates, border included. */
  readonly rect: Rect
  /** A menu, tooltip or pop-up that no window manager handles. */
  readonly isOverrideRedirect: boolean
}
