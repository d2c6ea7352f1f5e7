/**
 * A real SMTP listener on 127.0.0.1 for tests (no STARTTLS, any sender unless `options` say
 * otherwise), which keeps every message with its envelope and reads it back (read-message.ts).
 */
import type { AddressInfo } from 'node:net'

import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

import { type ReadMessage, readMessage } from './read-message.js'

export interface ReceivedMail extends ReadMessage {
  /** The envelope's sender ('' for none). */
  readonly from: string
  readonly to: readonly string[]
}

export interface SmtpListener {
  readonly port: number
  /** smtp://127.0.0.1:<port>, for createSmtpMailer. */
  readonly url: string
  readonly received: ReceivedMail[]
  /** Resolves with message number `count` (0-based), waiting for it to arrive. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail>
  close(): Promise<void>
}

export async function startSmtpListener(
  options: Partial<SMTPServerOptions> = {},
): Promise<SmtpListener> {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope
        received.push({
          ...readMessage(Buffer.concat(chunks).toString('utf8')),
          from: mailFrom === false ? '' : mailFrom.address,
          to: rcptTo.map((r) => r.address),
        })
        callback()
      })
    },
    ...options,
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (received.length <= count) {
        if (Date.now() > deadline) throw new Error(`no mail number ${count + 1} arrived`)
        await new Promise((done) => setTimeout(done, 25))
      }
      const mail = received[count]
      if (mail === undefined) throw new Error('mail vanished')
      return mail
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(done)
      }),
  }
}
