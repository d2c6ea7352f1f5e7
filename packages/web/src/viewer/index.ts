/**
 * The viewer: the remote screen on a canvas and the operator's input to it, framework-free
 * (imports only `@tasuke/protocol`). The console wires it to the end-to-end session.
 * @module
 */
export {
  type ClipboardState,
  ClipboardSync,
  type CustomerCopy,
  type SendRefusal,
} from './clipboard/index'
export { CursorOverlay } from './cursor'
export { DECODERS, type Decoder, type DecoderTable } from './decode/index'
export { Display, type DisplayOptions } from './display'
export { ViewerError, ViewerErrorReason } from './errors'
export { KeyboardInput, type KeyboardInputOptions } from './input/keyboard'
export type { KeyEventMessage, PointerEventMessage, WheelEventMessage } from './input/messages'
export { PointerInput, type PointerInputOptions, type PointerMessage } from './input/pointer'
export { ScaleMode, type Size } from './scale'
export {
  ConsoleSession,
  CUSTOMER_ALLOWS_ALL,
  EndedBy,
  type ConsoleSessionOptions,
  type CustomerControls,
  type PaintedDetail,
  type ViewerState,
  type ViewerStats,
} from './session/index'
