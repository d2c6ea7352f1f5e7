/** How the remote screen is sized on the page, and the arithmetic both scale modes share. */

/** `fit`: the whole screen in the container, aspect kept; `one-to-one`: a remote pixel per CSS pixel. */
export const ScaleMode = {
  Fit: 'fit',
  OneToOne: 'one-to-one',
} as const
/** A value of {@link ScaleMode}. */
export type ScaleMode = (typeof ScaleMode)[keyof typeof ScaleMode]

export interface Size {
  readonly width: number
  readonly height: number
}

/** The CSS size of the canvas for a screen in a container. */
export function displaySize(mode: ScaleMode, screen: Size, container: Size): Size {
  if (mode === ScaleMode.OneToOne || container.width <= 0 || container.height <= 0) return screen
  const scale = Math.min(container.width / screen.width, container.height / screen.height)
  return {
    width: Math.max(1, Math.floor(screen.width * scale)),
    height: Math.max(1, Math.floor(screen.height * scale)),
  }
}
