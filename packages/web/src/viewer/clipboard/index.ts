/** Clipboard text with the customer (SPEC.md P9): the session's part and the paste chord. */
export {
  type ClipboardState,
  ClipboardSync,
  type ClipboardSyncOptions,
  type ClipboardTextMessage,
  type CustomerCopy,
  type FocusReadOutcome,
  type SendRefusal,
} from './clipboard-sync'
export { FocusReader, type FocusReaderOptions } from './focus-reader'
export { isPasteChord, PASTE_WAIT_MS, PasteChord, type PasteChordOptions } from './paste-chord'
