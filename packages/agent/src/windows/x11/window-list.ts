/**
 * The top-level windows of an X11 display, bottom to top, mapped ones only, each with its
 * application's identity (ICCCM/EWMH properties of its client window) and its rectangle. Works
 * with no window manager (the top-level is the client) and with a reparenting one (the
 * client is the descendant with `WM_STATE`).
 * @module
 */
import type { XClient } from 'x11'

import { request } from '../../x11/connection.js'
import type { WindowInfo } from '../window-info.js'
import { parseFirstLong, parseText, parseWmClass, type PropertyValue } from './window-properties.js'

/** Atoms the list needs besides the predefined ones. */
export interface WindowAtoms {
  readonly wmState: number
  readonly netWmName: number
  readonly netWmPid: number
  readonly utf8String: number
}

const ATOM_WM_NAME = 39
const ATOM_WM_CLASS = 67
const ATOM_WM_TRANSIENT_FOR = 68
const ANY_PROPERTY_TYPE = 0
const IS_VIEWABLE = 2
/** 4-byte units of a property read at most: enough for any title worth showing. */
const PROPERTY_LONGS = 256
/** How deep under a frame a client window is looked for (frame → decoration → client). */
const CLIENT_SEARCH_DEPTH = 3

export function internWindowAtoms(client: XClient): Promise<WindowAtoms> {
  const intern = (name: string) =>
    request<number>((done) => {
      client.InternAtom(false, name, done)
    })
  return Promise.all([
    intern('WM_STATE'),
    intern('_NET_WM_NAME'),
    intern('_NET_WM_PID'),
    intern('UTF8_STRING'),
  ]).then(([wmState, netWmName, netWmPid, utf8String]) => ({
    wmState,
    netWmName,
    netWmPid,
    utf8String,
  }))
}

/** Reads the window list once; a window that vanishes while being read is left out. */
export async function readWindowList(
  client: XClient,
  root: number,
  atoms: WindowAtoms,
): Promise<WindowInfo[]> {
  const tree = await request<{ children: number[] }>((done) => {
    client.QueryTree(root, done)
  })
  const windows = await Promise.all(
    tree.children.map((id) => readTopLevel(client, id, atoms).catch(() => null)),
  )
  return windows.filter((window): window is WindowInfo => window !== null)
}

async function readTopLevel(
  client: XClient,
  id: number,
  atoms: WindowAtoms,
): Promise<WindowInfo | null> {
  const [attributes, geometry] = await Promise.all([
    request<{ mapState: number; overrideRedirect: number }>((done) => {
      client.GetWindowAttributes(id, done)
    }),
    request<{ xPos: number; yPos: number; width: number; height: number; borderWidth: number }>(
      (done) => {
        client.GetGeometry(id, done)
      },
    ),
  ])
  if (attributes.mapState !== IS_VIEWABLE) return null
  const isOverrideRedirect = attributes.overrideRedirect !== 0
  const clientWindow = isOverrideRedirect
    ? id
    : ((await findClient(client, id, atoms, CLIENT_SEARCH_DEPTH)) ?? id)
  const property = (name: number, longs = PROPERTY_LONGS) =>
    readProperty(client, clientWindow, name, longs)
  const [wmClass, netName, wmName, pid, transientFor] = await Promise.all([
    property(ATOM_WM_CLASS),
    property(atoms.netWmName),
    property(ATOM_WM_NAME),
    property(atoms.netWmPid, 1),
    property(ATOM_WM_TRANSIENT_FOR, 1),
  ])
  const { instance, className } = parseWmClass(wmClass)
  const border = geometry.borderWidth
  return {
    id,
    client: clientWindow,
    title: parseText(netName, atoms.utf8String) || parseText(wmName, atoms.utf8String),
    instance,
    className,
    pid: parseFirstLong(pid),
    transientFor: parseFirstLong(transientFor),
    rect: {
      x: geometry.xPos,
      y: geometry.yPos,
      width: geometry.width + 2 * border,
      height: geometry.height + 2 * border,
    },
    isOverrideRedirect,
  }
}

/** The window at or below `window` that has WM_STATE (set by a window manager), if any. */
async function findClient(
  client: XClient,
  window: number,
  atoms: WindowAtoms,
  depth: number,
): Promise<number | null> {
  const state = await readProperty(client, window, atoms.wmState, 1)
  if (state.type !== 0) return window
  if (depth === 0) return null
  const tree = await request<{ children: number[] }>((done) => {
    client.QueryTree(window, done)
  })
  // Topmost child first: the client is usually the frame's last-mapped child.
  for (const child of [...tree.children].reverse()) {
    const found = await findClient(client, child, atoms, depth - 1)
    if (found !== null) return found
  }
  return null
}

function readProperty(
  client: XClient,
  window: number,
  name: number,
  longs: number,
): Promise<PropertyValue> {
  return request<PropertyValue>((done) => {
    client.GetProperty(0, window, name, ANY_PROPERTY_TYPE, 0, longs, done)
  })
}
