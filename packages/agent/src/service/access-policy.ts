/**
 * The unattended-access policy on the customer's side (SPEC.md D3): the device's own setting
 * may only make the server's policy stricter, never laxer.
 * @module
 */
import type { AccessPolicy } from '@tasuke/protocol'

/** connect < ask-then-connect < always-ask; a longer wait is the stricter ask-then-connect. */
function strictness(policy: AccessPolicy): number {
  switch (policy.mode) {
    case 'connect':
      return 0
    case 'ask-then-connect':
      return 1 + policy.askSeconds / 1_000
    case 'always-ask':
      return 2
  }
}

/** The stricter of the server's policy and the device's own (null: none set). */
export function stricterPolicy(server: AccessPolicy, local: AccessPolicy | null): AccessPolicy {
  if (local === null) return server
  return strictness(local) > strictness(server) ? local : server
}
