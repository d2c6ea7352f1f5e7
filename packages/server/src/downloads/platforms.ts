/** The platforms the customer's program is built for, and the names of their files. */
export const AGENT_PLATFORMS = ['linux-x64', 'win-x64'] as const
export type AgentPlatform = (typeof AGENT_PLATFORMS)[number]

export function isAgentPlatform(value: string): value is AgentPlatform {
  return (AGENT_PLATFORMS as readonly string[]).includes(value)
}

/** The file build-executable.ts writes (packages/agent/src/build/build-executable.ts). */
export function buildFileName(platform: AgentPlatform): string {
  return platform === 'win-x64' ? 'tasuke-agent-win-x64.exe' : 'tasuke-agent-linux-x64'
}

/**
 * The name the customer's browser saves: the agent reads its session number back from it
 * (packages/agent/src/deployment/file-name.ts), so the pattern is part of the contract.
 */
export function downloadFileName(platform: AgentPlatform, code: string | null): string {
  const base = code === null ? 'tasuke-support' : `tasuke-support-${code}`
  return platform === 'win-x64' ? `${base}.exe` : base
}
