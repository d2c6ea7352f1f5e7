/**
 * Messages between agent and console. Handshake messages travel in plaintext `Handshake`
 * frames; all others only inside sealed `Message` frames (SPEC.md H- and C-rules).
 * @module
 */
import { Type, type Static } from '@sinclair/typebox'

import { Sequence, message, oneOf } from './fields.js'
import { FileAgentToConsole, FileConsoleToAgent } from './file-transfer.js'
import { SessionEndReason } from './reasons.js'

// Unpadded base64url of 32 bytes (43 characters) and of a 65-byte P-256 point (87).
const Base64Url32Bytes = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', maxLength: 43 })
const Base64UrlP256Point = Type.String({ pattern: '^[A-Za-z0-9_-]{87}$', maxLength: 87 })

/** Sent first by the agent: SHA-256 commitment to its public key and nonce (SPEC.md H2). */
export const HandshakeCommit = message('handshake-commit', { commitment: Base64Url32Bytes })
/** The agent's handshake commitment. */
export type HandshakeCommit = Static<typeof HandshakeCommit>

/** An ephemeral P-256 public key (raw, uncompressed) and a 32-byte random nonce. */
export const HandshakeHello = message('handshake-hello', {
  publicKey: Base64UrlP256Point,
  nonce: Base64Url32Bytes,
})
/** A peer's handshake key share. */
export type HandshakeHello = Static<typeof HandshakeHello>

/** Every message of the end-to-end handshake, from either peer. */
export const PeerHandshake = Type.Union([HandshakeCommit, HandshakeHello])
/** A handshake message. */
export type PeerHandshake = Static<typeof PeerHandshake>

const Coordinate = Type.Integer({ minimum: 0, maximum: 65_535 })
const Dimension = Type.Integer({ minimum: 1, maximum: 16_384 })
const WheelDelta = Type.Number({ minimum: -10_000, maximum: 10_000 })

/** The agent's screen size in pixels; sent after the handshake and whenever it changes. */
export const ScreenInfo = message('screen-info', { width: Dimension, height: Dimension })

/** Pointer position in screen pixels and the pressed buttons (bit 0 primary, 1 secondary, …). */
export const PointerInput = message('pointer-event', {
  x: Coordinate,
  y: Coordinate,
  buttons: Type.Integer({ minimum: 0, maximum: 31 }),
})

/** A wheel turn at a position, in pixels (positive: right, down). */
export const WheelInput = message('wheel-event', {
  x: Coordinate,
  y: Coordinate,
  deltaX: WheelDelta,
  deltaY: WheelDelta,
})

/** A key press or release: the physical key (`code`) and the character (`key`), both sent. */
export const KeyInput = message('key-event', {
  code: Type.String({ maxLength: 32, pattern: '^[A-Za-z0-9]*$' }),
  key: Type.String({ minLength: 1, maxLength: 32 }),
  isDown: Type.Boolean(),
})

/** The most text {@link ClipboardText} carries. */
export const CLIPBOARD_TEXT_MAX_LENGTH = 16_384

/** Clipboard text copied on one side, to paste on the other. */
export const ClipboardText = message('clipboard-text', {
  text: Type.String({ maxLength: CLIPBOARD_TEXT_MAX_LENGTH }),
})

/** The console painted the screen update with this frame sequence number (flow control). */
export const Ack = message('ack', { sequence: Sequence })

/** The sender ends the session; sent end to end so the peer learns it even if the relay lies. */
export const PeerEnd = message('end', { reason: oneOf(Object.values(SessionEndReason)) })

/** The largest cursor image side the agent sends; larger cursors are cropped to it. */
export const CURSOR_MAX_SIDE = 96

/**
 * The cursor's shape, sent apart from the screen image and drawn by the viewer itself (SPEC.md
 * P1): straight (not premultiplied) RGBA pixels, rows `width * 4` bytes apart, as unpadded
 * base64url. Sent after the handshake and whenever the shape changes.
 */
export const CursorShape = message('cursor-shape', {
  width: Type.Integer({ minimum: 1, maximum: CURSOR_MAX_SIDE }),
  height: Type.Integer({ minimum: 1, maximum: CURSOR_MAX_SIDE }),
  hotspotX: Type.Integer({ minimum: 0, maximum: CURSOR_MAX_SIDE - 1 }),
  hotspotY: Type.Integer({ minimum: 0, maximum: CURSOR_MAX_SIDE - 1 }),
  rgba: Type.String({
    pattern: '^[A-Za-z0-9_-]+$',
    maxLength: Math.ceil((CURSOR_MAX_SIDE * CURSOR_MAX_SIDE * 4 * 4) / 3),
  }),
})
/** The cursor's shape. */
export type CursorShape = Static<typeof CursorShape>

/** Where the cursor is on the remote screen (its hotspot), and whether it is shown. */
export const CursorPosition = message('cursor-position', {
  x: Coordinate,
  y: Coordinate,
  visible: Type.Boolean(),
})

/** Answers a {@link Ping} at once, with its `id` (the console measures the round trip). */
export const Pong = message('pong', { id: Sequence })

const ShortText = Type.String({ maxLength: 256 })
const ByteCount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

/**
 * The customer's computer, collected by the agent when the operator asks (SPEC.md P5) and
 * sent end to end only: the server never sees or stores it.
 */
export const SystemInfo = message('system-info', {
  os: Type.Object(
    { platform: ShortText, release: ShortText, version: ShortText, arch: ShortText },
    { additionalProperties: false },
  ),
  hostname: ShortText,
  user: ShortText,
  uptimeSeconds: ByteCount,
  cpu: Type.Object(
    { model: ShortText, cores: Type.Integer({ minimum: 0, maximum: 65_535 }) },
    { additionalProperties: false },
  ),
  memory: Type.Object(
    { totalBytes: ByteCount, freeBytes: ByteCount },
    { additionalProperties: false },
  ),
  disks: Type.Array(
    Type.Object(
      { mount: ShortText, totalBytes: ByteCount, freeBytes: ByteCount },
      { additionalProperties: false },
    ),
    { maxItems: 32 },
  ),
  network: Type.Array(
    Type.Object(
      { name: ShortText, addresses: Type.Array(ShortText, { maxItems: 16 }) },
      { additionalProperties: false },
    ),
    { maxItems: 32 },
  ),
})
/** The customer's computer as the agent describes it. */
export type SystemInfo = Static<typeof SystemInfo>

/**
 * What the customer has allowed right now (SPEC.md P6): sent after every handshake and
 * whenever the customer changes it in the agent's window. While paused nothing of the screen
 * is sent; while view-only the agent drops the operator's input.
 */
export const CustomerControls = message('customer-controls', {
  isPaused: Type.Boolean(),
  isViewOnly: Type.Boolean(),
})

/** The longest text the operator may send to be typed at once (SPEC.md P7). */
export const TYPE_TEXT_MAX_LENGTH = 4096

const ScreenId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' })

/**
 * The customer's monitors in desktop pixels, and which one is shown (SPEC.md P8): sent after
 * every handshake and whenever the layout or the choice changes. `all` shows the whole desktop.
 */
export const ScreenList = message('screens', {
  screens: Type.Array(
    Type.Object(
      { id: ScreenId, x: Coordinate, y: Coordinate, width: Dimension, height: Dimension },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 16 },
  ),
  selected: Type.Union([Type.Literal('all'), ScreenId]),
})

/**
 * Whether the customer shares the clipboard (SPEC.md P9): sent after every handshake and
 * on change. While off, neither side sends `clipboard-text` and the agent drops any it gets.
 */
export const ClipboardSharing = message('clipboard-sharing', { isOn: Type.Boolean() })

/**
 * Whether the customer shows only chosen applications (SPEC.md P10): sent after every
 * handshake and on change. The operator learns that a restriction is on, never what is behind it.
 */
export const WindowRestriction = message('window-restriction', { isOn: Type.Boolean() })

/**
 * Whether the operator may restart the customer's computer from the viewer (SPEC.md D5): sent
 * after every handshake; only an installed agent, which comes back after the reboot, says yes.
 */
export const RestartSupport = message('restart-support', { isAvailable: Type.Boolean() })

/** Every sealed message an agent may send to a console. */
export const AgentToConsole = Type.Union([
  ScreenInfo,
  ScreenList,
  CursorShape,
  CursorPosition,
  Pong,
  ClipboardText,
  SystemInfo,
  CustomerControls,
  ClipboardSharing,
  WindowRestriction,
  RestartSupport,
  ...FileAgentToConsole,
  PeerEnd,
])
/** A sealed message an agent sends to a console. */
export type AgentToConsole = Static<typeof AgentToConsole>

/** Asks for a {@link Pong} (round-trip time for the viewer's connection stats). */
export const Ping = message('ping', { id: Sequence })

/** How the operator wants the picture: the agent's choice, always sharp, or fewer bytes. */
export const ScreenQuality = {
  /** The agent adapts to the measured link and viewer lag (default). */
  Auto: 'auto',
  /** Lossless only: every pixel exact, more bytes. */
  Sharp: 'sharp',
  /** Lossy wherever it helps: fewer bytes and more frames on a slow link. */
  Fast: 'fast',
} as const
/** A value of {@link ScreenQuality}. */
export type ScreenQuality = (typeof ScreenQuality)[keyof typeof ScreenQuality]

/** The operator picked a picture quality. */
export const SetQuality = message('set-quality', {
  quality: oneOf(Object.values(ScreenQuality)),
})

/** The viewer lost its picture (or just started): send the whole screen again. */
export const RefreshRequest = message('refresh', {})

/** Press and release Ctrl+Alt+Delete on the customer's machine (a browser cannot send it). */
export const CtrlAltDelete = message('ctrl-alt-delete', {})

/** The operator asks for the customer's system information (answered with `system-info`). */
export const SystemInfoRequest = message('system-info-request', {})

/** Text the operator wants typed on the customer's machine, character by character (P7). */
export const TypeText = message('type-text', {
  text: Type.String({ minLength: 1, maxLength: TYPE_TEXT_MAX_LENGTH }),
})

/** Show one monitor (by its id from `screens`) or the whole desktop (P8). */
export const SelectScreen = message('select-screen', {
  screen: Type.Union([Type.Literal('all'), ScreenId]),
})

/** Restart the customer's computer; the session comes back after the reboot (SPEC.md D5). */
export const RestartComputer = message('restart-computer', {})

/** Every sealed message a console may send to an agent. */
export const ConsoleToAgent = Type.Union([
  PointerInput,
  WheelInput,
  KeyInput,
  CtrlAltDelete,
  ClipboardText,
  Ack,
  Ping,
  SetQuality,
  RefreshRequest,
  SystemInfoRequest,
  TypeText,
  SelectScreen,
  RestartComputer,
  ...FileConsoleToAgent,
  PeerEnd,
])
/** A sealed message a console sends to an agent. */
export type ConsoleToAgent = Static<typeof ConsoleToAgent>
