import { connect } from 'node:tls'

/** The SHA-256 fingerprint of the certificate a test server presents (what a download pins). */
export function certificateFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate().fingerprint256)
        socket.end()
      },
    )
    socket.on('error', reject)
  })
}
