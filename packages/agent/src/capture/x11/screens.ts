/**
 * The desktop's size and its monitors: Xinerama heads when Xinerama is active (under a
 * Xinerama server RandR only sees the first screen; with RandR 1.2+ servers both agree), else
 * the active RandR CRTCs, else one screen covering the root window.
 */
import type { Randr, Xinerama } from 'x11'

import { type X11Connection, request } from '../../x11/connection.js'
import type { DesktopGeometry, Screen } from '../capture.js'

export interface ScreenSources {
  randr: Randr | null
  xinerama: Xinerama | null
}

export async function readGeometry(
  connection: X11Connection,
  sources: ScreenSources,
): Promise<DesktopGeometry> {
  const { client, root } = connection
  const size = await request<{ width: number; height: number }>((done) => {
    client.GetGeometry(root, done)
  })
  const whole: Screen = { id: 'desktop', x: 0, y: 0, width: size.width, height: size.height }
  const screens = (await xineramaScreens(sources.xinerama)) ??
    (await randrScreens(connection, sources.randr)) ?? [whole]
  return { width: size.width, height: size.height, screens }
}

async function randrScreens(connection: X11Connection, randr: Randr | null) {
  if (randr === null) return null
  const resources = await request<{ config_timestamp: number; crtcs: number[] }>((done) => {
    randr.GetScreenResourcesCurrent(connection.root, done)
  })
  const screens: Screen[] = []
  for (const crtc of resources.crtcs) {
    const info = await request<{
      x: number
      y: number
      width: number
      height: number
      mode: number
      output: number[]
    }>((done) => {
      randr.GetCrtcInfo(crtc, resources.config_timestamp, done)
    })
    if (info.mode === 0 || info.output.length === 0) continue
    screens.push({
      id: `crtc-${crtc}`,
      x: info.x,
      y: info.y,
      width: info.width,
      height: info.height,
    })
  }
  return screens.length > 0 ? screens : null
}

async function xineramaScreens(xinerama: Xinerama | null) {
  if (xinerama === null) return null
  const isActive = await request<number>((done) => {
    xinerama.IsActive(done)
  })
  if (isActive === 0) return null
  const rects = await request<{ x: number; y: number; width: number; height: number }[]>((done) => {
    xinerama.QueryScreens(done)
  })
  if (rects.length === 0) return null
  return rects.map((rect, index): Screen => ({ id: `xinerama-${index}`, ...rect }))
}

export function isSameGeometry(a: DesktopGeometry, b: DesktopGeometry): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
