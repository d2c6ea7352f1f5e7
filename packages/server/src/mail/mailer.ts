/** Sends mail; the SMTP implementation is in smtp-mailer.ts, tests use a real SMTP listener. */
export interface MailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html: string
}

export interface Mailer {
  /** Resolves when the SMTP server accepted the message; rejects with a MailError otherwise. */
  send(message: MailMessage): Promise<void>
  close(): void
}

export class MailError extends Error {
  override readonly name = 'MailError'
}
