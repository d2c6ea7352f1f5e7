/**
 * Typings for the parts of the `x11` npm package (4.x, callback API) the agent uses; the
 * package ships none. Field names follow the library's docs (`node_modules/x11/docs`).
 */
declare module 'x11' {
  import type { EventEmitter } from 'node:events'

  /** The library passes `null` or `undefined` for success, depending on the request. */
  type Callback<T> = (error: Error | null | undefined, result: T) => void
  type Done = (error: Error | null | undefined) => void

  export interface PixmapFormat {
    bits_per_pixel: number
    scanline_pad: number
  }

  export interface ScreenInfo {
    root: number
    pixel_width: number
    pixel_height: number
    root_depth: number
  }

  export interface Display {
    client: XClient
    screen: ScreenInfo[]
    min_keycode: number
    max_keycode: number
    image_byte_order: number
    format: Record<number, PixmapFormat | undefined>
    isLocalSocket?: boolean
  }

  /** Every event carries `name`; the other fields depend on it (see the library's docs). */
  export interface XEvent {
    readonly name: string
    readonly type: number
    readonly [field: string]: unknown
  }

  export interface WindowAttributes {
    backgroundPixel?: number
    overrideRedirect?: number
    eventMask?: number
  }

  export interface Rectangle {
    x: number
    y: number
    width: number
    height: number
  }

  export interface ImageReply {
    depth: number
    visualId: number
    data: Buffer
  }

  export interface PointerReply {
    sameScreen: boolean
    root: number
    child: number
    rootX: number
    rootY: number
    keyMask: number
  }

  export interface TreeReply {
    root: number
    parent: number
    /** Bottom to top in stacking order. */
    children: number[]
  }

  export interface WindowAttributesReply {
    /** 0 unmapped, 1 unviewable, 2 viewable. */
    mapState: number
    overrideRedirect: number
  }

  export interface GeometryReply {
    borderWidth: number
    depth: number
    xPos: number
    yPos: number
    width: number
    height: number
  }

  export interface XClient extends EventEmitter {
    on(event: 'event', listener: (event: XEvent) => void): this
    on(event: 'error', listener: (error: Error) => void): this
    on(event: 'end' | 'close', listener: () => void): this
    /** The socket to the X server, once set up. */
    readonly stream?: EventEmitter
    AllocID(): number
    ReleaseID(id: number): void
    require(name: 'damage', callback: Callback<Damage>): void
    require(name: 'fixes', callback: Callback<Fixes>): void
    require(name: 'shm', callback: Callback<Shm>): void
    require(name: 'xtest', callback: Callback<XTest>): void
    require(name: 'randr', callback: Callback<Randr>): void
    require(name: 'xinerama', callback: Callback<Xinerama>): void
    close(callback?: () => void): void
    terminate(): void
    sync(callback: Done): void
    ChangeWindowAttributes(window: number, values: WindowAttributes, callback?: Done): void
    // Drawing, used by tests and the benchmark to make screen changes of their own.
    CreateWindow(
      id: number,
      parent: number,
      x: number,
      y: number,
      width: number,
      height: number,
      borderWidth: number,
      depth: number,
      windowClass: number,
      visual: number,
      values: WindowAttributes,
    ): void
    MapWindow(window: number): void
    UnmapWindow(window: number): void
    RaiseWindow(window: number): void
    ClearArea(
      window: number,
      x: number,
      y: number,
      width: number,
      height: number,
      exposures: number,
    ): void
    CreateGC(gc: number, drawable: number, values: { foreground?: number }): void
    ChangeGC(gc: number, values: { foreground?: number }): void
    PolyFillRectangle(drawable: number, gc: number, rects: number[]): void
    GetInputFocus(callback: Callback<unknown>): void
    GetGeometry(drawable: number, callback: Callback<GeometryReply>): void
    GetImage(
      format: number,
      drawable: number,
      x: number,
      y: number,
      width: number,
      height: number,
      planeMask: number,
      callback: Callback<ImageReply>,
    ): void
    QueryPointer(window: number, callback: Callback<PointerReply>): void
    GetKeyboardMapping(first: number, count: number, callback: Callback<number[][]>): void
    ChangeKeyboardMapping(first: number, keysymsPerKeycode: number, keysyms: number[]): void
    GetModifierMapping(callback: Callback<number[][]>): void
    // The window tree, for the customer's choice of applications to show.
    QueryTree(window: number, callback: Callback<TreeReply>): void
    GetWindowAttributes(window: number, callback: Callback<WindowAttributesReply>): void
    // Atoms, properties and selections (the clipboard).
    /** The library's atom cache, one object shared by every connection in the process. */
    readonly atoms: Record<string, number | undefined>
    InternAtom(onlyIfExists: boolean, name: string, callback: Callback<number>): void
    DestroyWindow(window: number): void
    /** `mode` 0 replace, 1 prepend, 2 append; `format` 8, 16 or 32 bits per element. */
    ChangeProperty(
      mode: number,
      window: number,
      property: number,
      type: number,
      format: number,
      data: Buffer | number[],
    ): void
    DeleteProperty(window: number, property: number): void
    /** `longOffset` and `longLength` count 4-byte units; `type` 0 is AnyPropertyType. */
    GetProperty(
      remove: number,
      window: number,
      property: number,
      type: number,
      longOffset: number,
      longLength: number,
      callback: Callback<PropertyReply>,
    ): void
    SetSelectionOwner(owner: number, selection: number, time: number): void
    GetSelectionOwner(selection: number, callback: Callback<number>): void
    ConvertSelection(
      requestor: number,
      selection: number,
      target: number,
      property: number,
      time: number,
    ): void
    /** `event`: the fields of a core event by `name`, packed by the library. */
    SendEvent(
      destination: number,
      propagate: number,
      eventMask: number,
      event: { readonly name: string; readonly [field: string]: unknown },
    ): void
  }

  export interface PropertyReply {
    /** The property's type atom; 0 when the property does not exist. */
    type: number
    format: number
    bytesAfter: number
    data: Buffer
  }

  export interface DamageNotify {
    damage: number
    drawable: number
    area: { x: number; y: number; w: number; h: number }
  }

  export interface Damage {
    ReportLevel: { RawRectangles: 0; DeltaRectangles: 1; BoundingBox: 2; NonEmpty: 3 }
    Create(damage: number, drawable: number, reportLevel: number): void
    Destroy(damage: number): void
    Subtract(damage: number, repair: number, parts: number): void
  }

  export interface CursorImageReply {
    x: number
    y: number
    width: number
    height: number
    xhot: number
    yhot: number
    cursorSerial: number
    cursorImage: Buffer
  }

  export interface Fixes {
    /** The event code of XFixesSelectionNotify (its `name` is `SelectionNotify`, like the core one). */
    firstEvent: number
    CursorNotifyMask: { DisplayCursor: 1 }
    SelectionEventMask: { SetSelectionOwner: 1; SelectionWindowDestroy: 2; SelectionClientClose: 4 }
    SelectSelectionInput(window: number, selection: number, eventMask: number): void
    SelectCursorInput(window: number, eventMask: number): void
    GetCursorImage(callback: Callback<CursorImageReply>): void
    CreateRegion(region: number, rectangles: Rectangle[]): void
    DestroyRegion(region: number): void
    FetchRegion(
      region: number,
      callback: Callback<{ extents: Rectangle; rectangles: Rectangle[] }>,
    ): void
  }

  export interface ShmSegment {
    shmseg: number
    size: number
    buffer: Buffer
    getImage(
      drawable: number,
      x: number,
      y: number,
      width: number,
      height: number,
      planeMask: number,
      format: number | undefined,
      offset: number,
      callback: Callback<{ depth: number; visual: number; size: number }>,
    ): void
    detach(callback?: () => void): void
  }

  export interface Shm {
    usable(callback: Callback<boolean>): void
    createSegment(size: number, callback: Callback<ShmSegment>): void
  }

  export interface XTest {
    KeyPress: 2
    KeyRelease: 3
    ButtonPress: 4
    ButtonRelease: 5
    MotionNotify: 6
    FakeInput(
      type: number,
      detail: number,
      time: number,
      window: number,
      x: number,
      y: number,
    ): void
  }

  export interface CrtcInfo {
    x: number
    y: number
    width: number
    height: number
    mode: number
    output: number[]
  }

  export interface Randr {
    NotifyMask: { ScreenChange: 1; CrtcChange: 2; OutputChange: 4; OutputProperty: 8; All: 15 }
    QueryVersion(major: number, minor: number, callback: Callback<[number, number]>): void
    SelectInput(window: number, mask: number): void
    GetScreenResourcesCurrent(
      window: number,
      callback: Callback<{ config_timestamp: number; crtcs: number[]; outputs: number[] }>,
    ): void
    GetCrtcInfo(crtc: number, configTimestamp: number, callback: Callback<CrtcInfo>): void
    GetScreenSizeRange(
      window: number,
      callback: Callback<{
        minWidth: number
        minHeight: number
        maxWidth: number
        maxHeight: number
      }>,
    ): void
  }

  export interface Xinerama {
    IsActive(callback: Callback<number>): void
    QueryScreens(callback: Callback<Rectangle[]>): void
  }

  export interface ClientOptions {
    display?: string
    disableBigRequests?: boolean
    shm?: boolean
  }

  export function createClient(
    options: ClientOptions,
    callback: (error: Error | null | undefined, display: Display) => void,
  ): XClient

  export const eventMask: Record<string, number>
}
