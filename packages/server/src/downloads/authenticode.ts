/**
 * Authenticode signing of the Windows agent with osslsigncode (DESIGN.md S11), after the
 * deployment is written into it (signing covers the slot), then checked with osslsigncode
 * verify against the same certificate.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const TIMEOUT_MS = 120_000

export interface AuthenticodeSettings {
  readonly certFile: string
  readonly keyFile: string
}

export class AuthenticodeError extends Error {
  override readonly name = 'AuthenticodeError'
}

export async function signAuthenticode(
  settings: AuthenticodeSettings,
  input: string,
  output: string,
): Promise<void> {
  const options = { timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024 }
  try {
    await run(
      'osslsigncode',
      [
        'sign',
        '-certs',
        settings.certFile,
        '-key',
        settings.keyFile,
        '-h',
        'sha256',
        '-n',
        'tasuke remote support',
        '-in',
        input,
        '-out',
        output,
      ],
      options,
    )
  } catch (error) {
    throw new AuthenticodeError(`osslsigncode sign failed: ${describe(error)}`)
  }
  try {
    await run('osslsigncode', ['verify', '-CAfile', settings.certFile, '-in', output], options)
  } catch (error) {
    throw new AuthenticodeError(`osslsigncode verify refused the signed agent: ${describe(error)}`)
  }
}

function describe(error: unknown): string {
  const { stderr, stdout, message } = error as {
    stderr?: string
    stdout?: string
    message?: string
  }
  const text = `${stderr ?? ''}\n${stdout ?? ''}`.trim() || (message ?? String(error))
  return text.split('\n').slice(-3).join(' ').slice(0, 500)
}
