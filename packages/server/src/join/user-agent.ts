/**
 * Which program fits the customer's computer, from the browser's User-Agent: Windows and
 * 64-bit Intel/AMD Linux have one; macOS, iOS, Android, ChromeOS and other Linux machines
 * are named so the page can say they are not supported yet; anything else is unknown.
 */
import type { AgentPlatform } from '../downloads/platforms.js'

export type UnsupportedSystem = 'macos' | 'ios' | 'android' | 'chromeos' | 'linux-other'

export type DetectedSystem =
  | { readonly kind: 'supported'; readonly platform: AgentPlatform }
  | { readonly kind: 'unsupported'; readonly system: UnsupportedSystem }
  | { readonly kind: 'unknown' }

export function detectSystem(userAgent: string | undefined): DetectedSystem {
  const ua = userAgent ?? ''
  // Order matters: Android says Linux, iPadOS and iOS say "like Mac OS X", ChromeOS says X11.
  if (/\b(iPhone|iPad|iPod)\b/.test(ua)) return { kind: 'unsupported', system: 'ios' }
  if (/\bAndroid\b/.test(ua)) return { kind: 'unsupported', system: 'android' }
  if (/\bCrOS\b/.test(ua)) return { kind: 'unsupported', system: 'chromeos' }
  // Windows on Arm runs the x64 program through its own emulation.
  if (/\bWindows\b/.test(ua)) return { kind: 'supported', platform: 'win-x64' }
  if (/\b(Macintosh|Mac OS X)\b/.test(ua)) return { kind: 'unsupported', system: 'macos' }
  if (/\bLinux\b/.test(ua)) {
    return /\b(x86_64|amd64|x64)\b/i.test(ua)
      ? { kind: 'supported', platform: 'linux-x64' }
      : { kind: 'unsupported', system: 'linux-other' }
  }
  return { kind: 'unknown' }
}
