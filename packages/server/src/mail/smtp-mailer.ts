/**
 * The Mailer over SMTP (nodemailer). SMTP_URL carries host, port, credentials and TLS mode
 * (smtp:// upgrades with STARTTLS when offered, smtps:// is TLS from the start). Failures
 * become a MailError whose message says what went wrong without repeating any address.
 */
import nodemailer from 'nodemailer'

import { hideCredentials } from '../config.js'
import { type Mailer, MailError } from './mailer.js'

const CONNECTION_TIMEOUT_MS = 10_000
const GREETING_TIMEOUT_MS = 10_000
const SOCKET_TIMEOUT_MS = 30_000

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // The URL comes last so its query options (e.g. ?tls.rejectUnauthorized=false) win.
    url: smtpUrl,
  })
  const server = describeServer(smtpUrl)
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
        })
      } catch (error) {
        throw new MailError(explain(error, server), { cause: error })
      }
    },
    close() {
      transport.close()
    },
  }
}

function describeServer(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl)
    return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`
  } catch {
    return hideCredentials(smtpUrl)
  }
}

/** A message for the admin and the log: the kind of failure, never an address. */
function explain(error: unknown, server: string): string {
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown }
  const reply = typeof responseCode === 'number' ? ` (SMTP ${responseCode})` : ''
  switch (code) {
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
      return `the mail server ${server} could not be reached${reply}`
    case 'EAUTH':
    case 'ENOAUTH':
      return `the mail server ${server} refused the user name or password of SMTP_URL${reply}`
    case 'ETLS':
      return `TLS with the mail server ${server} failed${reply}`
    case 'EENVELOPE':
      return `the mail server ${server} refused the sender or the recipient address${reply}`
    default:
      return `the mail server ${server} did not accept the message${reply}`
  }
}
