#!/usr/bin/env node
/**
 * The customer's program. This first version redeems the 8-digit number and shows who is
 * asking to connect; consent, capture and the relay connection come with the remote-control
 * issue. Exit codes: 0 redeemed, 1 refused or unreachable, 2 bad arguments.
 */
import { createInterface } from 'node:readline/promises'

import { normaliseSessionCode } from '@tasuke/protocol'

import { ArgsError, parseArgs } from './cli/args.js'
import { type AgentMessages, MESSAGES, pickLanguage } from './i18n/messages.js'
import { ServerUnreachableError } from './server-api/pinned-request.js'
import { redeem } from './server-api/redeem.js'

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error
    process.stderr.write(`${error.message}\n\n${MESSAGES.en.usage}\n`)
    return 2
  }
  const text = MESSAGES[pickLanguage(args.language, process.env)]
  if (args.help) {
    process.stdout.write(`${text.usage}\n`)
    return 0
  }
  if (args.serverUrl === null) {
    process.stderr.write(`${text.noServer}\n`)
    return 2
  }
  const code = args.code ?? (await askCode(text))
  if (code === null) {
    process.stderr.write(`${text.failure('invalid-code', null)}\n`)
    return 2
  }
  try {
    const result = await redeem(args.serverUrl, code, args.fingerprint)
    if (!result.ok) {
      process.stderr.write(`${text.failure(result.failure, result.retryAfterSeconds)}\n`)
      return 1
    }
    const { tenantName, operatorName } = result.redemption
    process.stdout.write(`${text.redeemed(tenantName, operatorName)}\n${text.notYetAvailable}\n`)
    return 0
  } catch (error) {
    if (!(error instanceof ServerUnreachableError)) throw error
    process.stderr.write(`${text.unreachable(error.message)}\n`)
    return 1
  }
}

async function askCode(text: AgentMessages): Promise<string | null> {
  if (!process.stdin.isTTY) return null
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = normaliseSessionCode(await prompt.question(text.askCode))
      if (result.ok) return result.code
      process.stdout.write(`${text.failure('invalid-code', null)}\n`)
    }
    return null
  } finally {
    prompt.close()
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`tasuke-agent: unexpected error: ${String(error)}\n`)
    process.exitCode = 1
  },
)
