/**
 * What the running service last heard from its server, kept beside device.json (state.json,
 * no secrets) for `tasuke-agent status`: for which company, online or not, since when.
 * @module
 */
import { readFile, rename, writeFile } from 'node:fs/promises'

export interface ServiceState {
  /** The service process that wrote it; a state of a process that is gone is not online. */
  readonly pid: number
  readonly online: boolean
  /** From `device-welcome`; null before the first welcome. */
  readonly tenantName: string | null
  readonly deviceName: string | null
  /** ISO time of the last change. */
  readonly since: string
  /** Why the service is offline or stopped, for people; null when all is well. */
  readonly problem: string | null
}

export async function writeServiceState(path: string, state: ServiceState): Promise<void> {
  const next = `${path}.next`
  await writeFile(next, `${JSON.stringify(state)}\n`, { mode: 0o644 })
  await rename(next, path)
}

/** The state file, or null when it is missing or malformed. */
export async function readServiceState(path: string): Promise<ServiceState | null> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const record = value as Record<string, unknown>
  const { pid, online, tenantName, deviceName, since, problem } = record
  if (
    typeof pid !== 'number' ||
    typeof online !== 'boolean' ||
    (tenantName !== null && typeof tenantName !== 'string') ||
    (deviceName !== null && typeof deviceName !== 'string') ||
    typeof since !== 'string' ||
    (problem !== null && typeof problem !== 'string')
  ) {
    return null
  }
  return { pid, online, tenantName, deviceName, since, problem }
}

/** Whether process `pid` still runs. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
