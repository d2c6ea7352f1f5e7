/** The input messages the viewer sends to the agent (protocol `ConsoleToAgent`). */
import type { ConsoleToAgent, MessageOf } from '@tasuke/protocol'

export type PointerEventMessage = MessageOf<ConsoleToAgent, 'pointer-event'>
export type WheelEventMessage = MessageOf<ConsoleToAgent, 'wheel-event'>
export type KeyEventMessage = MessageOf<ConsoleToAgent, 'key-event'>
