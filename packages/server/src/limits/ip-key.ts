import ipaddr from 'ipaddr.js'

/**
 * The rate-limit key for a client address: the address itself for IPv4, its /64 for IPv6
 * (one customer line usually owns a whole /64, DESIGN.md lesson 6).
 */
export function ipRateKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return `raw:${ip}`
  const parsed = ipaddr.process(ip)
  if (parsed.kind() === 'ipv4') return `v4:${parsed.toString()}`
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4)
  return `v6:${parts.map((p) => p.toString(16)).join(':')}::/64`
}
