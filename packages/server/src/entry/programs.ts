/** The programs the entry page links to: generic ("program first") or bound to a number. */
import type { Manifest } from '../downloads/downloads.js'
import { type AgentPlatform, downloadFileName } from '../downloads/platforms.js'
import type { DetectedSystem } from '../join/user-agent.js'
import type { ProgramLink } from './page.js'

/** Every platform of the manifest, with the number when given. */
export function programLinks(manifest: Manifest, code: string | null): ProgramLink[] {
  return manifest.platforms.map((p) => ({
    platform: p.platform,
    href: `/api/v1/agent/downloads/${p.platform}${code === null ? '' : `?code=${code}`}`,
    fileName: downloadFileName(p.platform, code),
    sha256: p.sha256,
  }))
}

/** The program for the customer's system (from the User-Agent), and the others. */
export function splitForSystem(
  links: readonly ProgramLink[],
  system: DetectedSystem,
): { primary: ProgramLink | null; others: ProgramLink[] } {
  const platform: AgentPlatform | null = system.kind === 'supported' ? system.platform : null
  const primary = links.find((l) => l.platform === platform) ?? null
  return { primary, others: links.filter((l) => l !== primary) }
}
