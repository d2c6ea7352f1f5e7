/**
 * Which server and session this run belongs to: the command line first, then what the
 * download carries (the embedded deployment and the number in the file name), so a customer
 * types nothing but, for a generic download, the number.
 */
import type { EmbeddedDeployment } from './embedded.js'
import { codeFromExecutableName } from './file-name.js'

/** The part of the agent's arguments a deployment can fill in. */
export interface DeploymentArgs {
  readonly serverUrl: URL | null
  readonly code: string | null
  readonly fingerprint: string | null
}

export function resolveDeployment<T extends DeploymentArgs>(
  args: T,
  execPath: string,
  embedded: EmbeddedDeployment | null,
): T {
  const serverUrl = args.serverUrl ?? embedded?.serverUrl ?? null
  // The embedded pin belongs to the embedded server: never apply it to another one.
  const isEmbeddedServer =
    embedded !== null && serverUrl !== null && serverUrl.origin === embedded.serverUrl.origin
  const fingerprint = args.fingerprint ?? (isEmbeddedServer ? embedded.fingerprint : null)
  const code = args.code ?? codeFromExecutableName(execPath)
  return { ...args, serverUrl, code, fingerprint }
}
