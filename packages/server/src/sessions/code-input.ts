/**
 * What a customer is told when what they typed is not a session number. The parsing itself
 * is `normaliseSessionCode` from the protocol package, shared with the entry page and the
 * agent so all three accept the same input.
 */
import type { SessionCodeProblem } from '@tasuke/protocol'

export function describeCodeInputProblem(reason: SessionCodeProblem): string {
  switch (reason) {
    case 'empty':
      return 'Please type the 8-digit session number you were given.'
    case 'invalid-characters':
      return 'A session number contains only digits. Please check what you typed.'
    case 'wrong-length':
      return 'A session number has exactly 8 digits. Please check what you typed.'
  }
}
