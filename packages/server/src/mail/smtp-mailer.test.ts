import { createServer as createNetServer } from 'node:net'
import type { AddressInfo } from 'node:net'

import type { SMTPServerOptions } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'

import { MailError } from './mailer.js'
import { createSmtpMailer } from './smtp-mailer.js'
import { type SmtpListener, startSmtpListener } from './test-support/smtp-listener.js'

const listeners: SmtpListener[] = []
afterAll(() => Promise.all(listeners.map((listener) => listener.close())))

async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<SmtpListener> {
  const listener = await startSmtpListener(options)
  listeners.push(listener)
  return listener
}

const message = {
  to: 'customer@example.com',
  subject: 'Your invitation to Acme Support',
  text: 'Open this link to join: https://tasuke.test/invite/abc',
  html: '<p>Open <a href="https://tasuke.test/invite/abc">this link</a> to join.</p>',
}

describe('SMTP mailer', () => {
  it('delivers a message with its text and HTML parts', async () => {
    const { port, received } = await startSmtp()
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'Acme <noreply@tasuke.test>')
    await mailer.send(message)
    mailer.close()

    expect(received).toHaveLength(1)
    const [mail] = received
    expect(mail?.from).toBe('noreply@tasuke.test')
    expect(mail?.to).toEqual(['customer@example.com'])
    const raw = mail?.raw ?? ''
    expect(raw).toContain('Subject: Your invitation to Acme Support')
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i)
    expect(raw).toMatch(/Content-Type: text\/plain/i)
    expect(raw).toMatch(/Content-Type: text\/html/i)
    const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=')
    expect(unfolded).toContain('Open this link to join: https://tasuke.test/invite/abc')
    expect(unfolded).toContain('<a href="https://tasuke.test/invite/abc">this link</a>')
  })

  it('explains a refused recipient without repeating the address', async () => {
    const { port } = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('no such user'), { responseCode: 550 }))
      },
    })
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'noreply@tasuke.test')
    const failure = await mailer.send(message).catch((error: unknown) => error)
    mailer.close()
    expect(failure).toBeInstanceOf(MailError)
    expect((failure as MailError).message).toBe(
      `the mail server 127.0.0.1:${port} refused the sender or the recipient address (SMTP 550)`,
    )
    expect((failure as MailError).message).not.toContain('customer@example.com')
  })

  it('explains refused credentials', async () => {
    const { port } = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(_auth, _session, callback) {
        callback(new Error('bad credentials'))
      },
    })
    const mailer = createSmtpMailer(`smtp://user:wrong@127.0.0.1:${port}`, 'noreply@tasuke.test')
    const failure = await mailer.send(message).catch((error: unknown) => error)
    mailer.close()
    expect(failure).toBeInstanceOf(MailError)
    expect((failure as MailError).message).toMatch(
      new RegExp(`^the mail server 127\\.0\\.0\\.1:${port} refused the user name or password`),
    )
    expect((failure as MailError).message).not.toContain('wrong')
  })

  it('explains an unreachable server', async () => {
    const closed = createNetServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((done) => {
      closed.close(() => {
        done()
      })
    })

    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'noreply@tasuke.test')
    const failure = await mailer.send(message).catch((error: unknown) => error)
    mailer.close()
    expect(failure).toBeInstanceOf(MailError)
    expect((failure as MailError).message).toBe(
      `the mail server 127.0.0.1:${port} could not be reached`,
    )
  })
})
