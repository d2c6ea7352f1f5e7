import { SessionCodeProblem } from '@tasuke/protocol'
import { expect, it } from 'vitest'

import { describeCodeInputProblem } from './code-input.js'

it('tells the customer what is wrong with each kind of bad input', () => {
  const problems = Object.values(SessionCodeProblem)
  const messages = problems.map(describeCodeInputProblem)
  expect(new Set(messages).size).toBe(problems.length)
  for (const message of messages) expect(message).toMatch(/session number/)
})
