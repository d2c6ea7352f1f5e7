/**
 * @tasuke/protocol: everything that crosses a wire between agent, server, console and
 * widget. The rules are in SPEC.md; this is the only entry point.
 * @module
 */

export {
  SESSION_CODE_LENGTH,
  SESSION_CODE_MAX_INPUT_LENGTH,
  SessionCodeProblem,
  formatSessionCode,
  isSessionCode,
  normaliseSessionCode,
  type SessionCodeResult,
} from './session-code.js'
export { Incompatibility, PROTOCOL_VERSION, checkProtocolVersion } from './version.js'
export { CloseCode, canReconnectAfter, closeReasonText, isCloseCode } from './close-codes.js'
export {
  CipherError,
  CipherErrorReason,
  FrameDecodeError,
  FrameDecodeErrorReason,
  HandshakeError,
  HandshakeErrorReason,
} from './errors.js'

export type { MessageOf } from './messages/fields.js'
export { ErrorCode, PeerLeftReason, SessionEndReason } from './messages/reasons.js'
export { AgentToServer, ServerToAgent } from './messages/agent-server.js'
export { ConsoleToServer, ServerToConsole, SessionState } from './messages/console-server.js'
export {
  ASK_SECONDS_MAX,
  ASK_SECONDS_MIN,
  AccessPolicy,
  DeviceToServer,
  ServerToDevice,
} from './messages/device-server.js'
export {
  AgentToConsole,
  CLIPBOARD_TEXT_MAX_LENGTH,
  CURSOR_MAX_SIDE,
  ConsoleToAgent,
  PeerHandshake,
  ScreenQuality,
  TYPE_TEXT_MAX_LENGTH,
  type CursorShape,
  type SystemInfo,
  type HandshakeCommit,
  type HandshakeHello,
} from './messages/peer.js'
export {
  FILE_LISTING_MAX_ENTRIES,
  FILE_OFFERS_MAX,
  FILE_PATH_MAX_LENGTH,
  FILE_WINDOW_BYTES,
  FileAccess,
  FileProblem,
  type FileListingEntry,
} from './messages/file-transfer.js'
export {
  CHAT_HISTORY_MAX_MESSAGES,
  CHAT_MESSAGE_MAX_LENGTH,
  ChatClientToServer,
  ChatRole,
  ConversationState,
  ServerToChatClient,
} from './messages/chat.js'
export {
  MAX_MESSAGE_BYTES,
  ParseErrorReason,
  parseMessage,
  type ParseError,
  type ParseOptions,
  type ParseResult,
} from './messages/parse.js'

export {
  FRAME_HEADER_BYTES,
  FRAME_VERSION,
  FrameKind,
  MAX_FRAME_PAYLOAD_BYTES,
  MAX_FRAME_SEQUENCE,
} from './frames/constants.js'
export { decodeFrameHeader, type FrameHeader } from './frames/header.js'
export {
  FILE_CHUNK_HEADER_BYTES,
  FILE_CHUNK_MAX_BYTES,
  FILE_MAX_BYTES,
  FILE_TRANSFER_ID_MAX,
  decodeFileChunk,
  encodeFileChunk,
  type FileChunk,
} from './frames/file-chunk.js'
export { decodeFrame, encodeFrame, type Frame, type FrameInput } from './frames/frame.js'
export {
  COPY_SOURCE_BYTES,
  ScreenEncoding,
  decodeCopySource,
  decodeScreenUpdate,
  encodeCopySource,
  encodeScreenUpdate,
  type CopySource,
  type ScreenUpdate,
} from './frames/screen-update.js'

export { PeerRole } from './crypto/transcript.js'
export type { HandshakeResult } from './crypto/key-schedule.js'
export {
  startAgentHandshake,
  startConsoleHandshake,
  type AgentHandshake,
  type ConsoleHandshake,
} from './crypto/handshake.js'
export { VERIFICATION_CODE_DIGITS, formatVerificationCode } from './crypto/verification-code.js'
export {
  createOpener,
  createSealer,
  type OpenedFrame,
  type Opener,
  type SealOptions,
  type SealedFrameKind,
  type Sealer,
} from './crypto/cipher.js'
