#!/usr/bin/env node
/**
 * Runs the server: reads the configuration, opens and migrates the database, loads the data
 * keys and the certificate, builds the app, listens, prints how to reach it, and drains on
 * SIGTERM. Exit codes: 0 stopped cleanly, 1 start-up or run-time failure, 2 bad configuration.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { FastifyInstance } from 'fastify'

import { buildApp } from './app.js'
import { systemClock } from './clock.js'
import {
  ConfigError,
  hideCredentials,
  type KeySource,
  type LoadedConfig,
  loadConfig,
  usage,
  wantsHelp,
} from './config.js'
import { createLoggerOptions } from './http/logger.js'
import { createSmtpMailer } from './mail/smtp-mailer.js'
import { loadDataKeys } from './secrets/key-store.js'
import { createSetupToken, hasAnyTenant, setupLink } from './setup/setup-token.js'
import { type DatabaseLocation, openStore, type Store } from './store/db.js'
import { migrateToLatest } from './store/migrate.js'
import { loadTls } from './tls/load-tls.js'

const SHUTDOWN_GRACE_MS = 10_000
const DATABASE_TIMEOUT_MS = 10_000

/** A start-up failure explained in one line (no stack trace for the person starting it). */
class StartupError extends Error {
  override readonly name = 'StartupError'
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${usage()}\n`)
    return
  }
  let config: LoadedConfig
  try {
    config = loadConfig(env, argv)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const lines = error.problems.map((problem) => `  - ${problem}`)
    process.stderr.write(`tasuke: the configuration has problems:\n${lines.join('\n')}\n`)
    process.stderr.write('Run with --help to see every setting.\n')
    process.exitCode = 2
    return
  }

  if (usesDataDir(config)) createDataDir(config.dataDir)
  const store = await openDatabase(config.database)
  let app: FastifyInstance | undefined
  try {
    const isSetUp = await hasAnyTenant(store)
    const { keys, generated } = loadKeys(config.keys, isSetUp)
    const tls = await loadTls(config, systemClock.now())
    const setupToken = await createSetupToken(store)
    const webRoot = findWebRoot()
    app = await buildApp({
      config,
      store,
      keys,
      mailer: config.smtpUrl === null ? null : createSmtpMailer(config.smtpUrl, config.mailFrom),
      setupToken,
      webRoot,
      logger: createLoggerOptions(config.logLevel),
      https: { key: tls.key, cert: tls.cert },
    })
    for (const warning of config.warnings) app.log.warn(warning)
    if (generated && config.keys.kind === 'file') {
      app.log.warn(
        `generated new data-encryption keys: back up ${config.keys.path}: ` +
          'without it stored e-mail addresses and chats cannot be read',
      )
    }
    if (tls.generatedBecause !== null) {
      app.log.warn(
        `generated a self-signed certificate in ${tls.certFile} (${tls.generatedBecause}); ` +
          'browsers will warn until TLS_CERT_FILE/TLS_KEY_FILE name a trusted one',
      )
    }
    if (webRoot === null) {
      app.log.warn('the web apps are not built (npm run build): only the API is served')
    }
    await listen(app, config)
    printBanner(config, tls, setupToken)
    handleShutdown(app, store)
  } catch (error) {
    await app?.close().catch(() => undefined)
    await store.close().catch(() => undefined)
    throw error
  }
}

function createDataDir(dataDir: string): void {
  try {
    // Private from the start: it holds the database, the keys and the TLS key.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new StartupError(`cannot create DATA_DIR ${dataDir}: ${messageOf(error)}`)
  }
}

function usesDataDir(config: LoadedConfig): boolean {
  return (
    config.database.dialect === 'sqlite' ||
    config.tls.kind === 'self-signed' ||
    config.keys.kind === 'file'
  )
}

async function openDatabase(location: DatabaseLocation): Promise<Store> {
  const where = location.dialect === 'sqlite' ? location.path : hideCredentials(location.url)
  let store: Store
  try {
    store = openStore(location)
  } catch (error) {
    throw new StartupError(`cannot open the database ${where}: ${messageOf(error)}`)
  }
  try {
    await withTimeout(store.ping(), DATABASE_TIMEOUT_MS, 'no answer')
    await migrateToLatest(store.db)
    return store
  } catch (error) {
    await store.close().catch(() => undefined)
    throw new StartupError(`cannot use the database ${where}: ${messageOf(error)}`)
  }
}

function loadKeys(source: KeySource, isSetUp: boolean): ReturnType<typeof loadDataKeys> {
  // New keys for a database that already holds data would make that data unreadable.
  const safeSource =
    source.kind === 'file' && isSetUp ? { ...source, generateIfMissing: false } : source
  return loadDataKeys(safeSource)
}

function findWebRoot(): string | null {
  const root = fileURLToPath(new URL('../../web/dist/', import.meta.url))
  return existsSync(join(root, 'index.html')) ? root : null
}

async function listen(app: FastifyInstance, config: LoadedConfig): Promise<void> {
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const where = `${config.host}:${config.port}`
    if (code === 'EADDRINUSE') {
      throw new StartupError(`cannot listen on ${where}: the port is already in use`)
    }
    if (code === 'EACCES') {
      throw new StartupError(
        `cannot listen on ${where}: not allowed (ports below 1024 need privileges; ` +
          'use a higher PORT behind a reverse proxy)',
      )
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new StartupError(`cannot listen on ${where}: HOST is not an address of this machine`)
    }
    throw new StartupError(`cannot listen on ${where}: ${messageOf(error)}`)
  }
}

function printBanner(
  config: LoadedConfig,
  tls: Awaited<ReturnType<typeof loadTls>>,
  setupToken: string | null,
): void {
  const origin = config.publicUrl.origin
  const database =
    config.database.dialect === 'sqlite'
      ? `SQLite ${config.database.path}`
      : `PostgreSQL ${hideCredentials(config.database.url)}`
  const lines = [
    '',
    `tasuke is running at ${origin}`,
    `  listening on ${config.host}:${config.port}, database ${database}`,
    `  TLS certificate ${tls.isSelfSigned ? '(self-signed) ' : ''}${tls.certFile}`,
    `  SHA-256 fingerprint ${tls.fingerprint256}`,
    setupToken === null
      ? `Log in at ${origin}/login`
      : `First start: open ${setupLink(config.publicUrl, setupToken)} to create your company and its first administrator.`,
    '',
  ]
  process.stdout.write(lines.join('\n'))
}

function handleShutdown(app: FastifyInstance, store: Store): void {
  let isClosing = false
  const stop = (signal: NodeJS.Signals): void => {
    if (isClosing) return
    isClosing = true
    app.log.info({ signal }, 'shutting down: no new connections, draining requests')
    const force = setTimeout(() => {
      app.log.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000} s: exiting now`)
      process.exit(1)
    }, SHUTDOWN_GRACE_MS)
    force.unref()
    app
      .close()
      .then(() => store.close())
      .then(
        () => {
          app.log.info('stopped')
          process.exit(0)
        },
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  process.on('unhandledRejection', (reason) => {
    app.log.fatal({ err: reason }, 'unhandled promise rejection')
    process.exit(1)
  })
  process.on('uncaughtException', (error) => {
    app.log.fatal({ err: error }, 'uncaught exception')
    process.exit(1)
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${message} within ${ms / 1000} s`))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer)
  })
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0])
  return error instanceof Error && error.message !== '' ? error.message : String(error)
}

run(process.argv.slice(2), process.env).catch((error: unknown) => {
  const known =
    error instanceof StartupError ||
    (error instanceof Error &&
      ['KeyStoreError', 'TlsError', 'MigrationError', 'MailError'].includes(error.name))
  process.stderr.write(
    `tasuke: ${known ? messageOf(error) : `start-up failed: ${messageOf(error)}`}\n`,
  )
  if (!known && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`)
  }
  process.exitCode = 1
})
