/**
 * Drives the chat widget inside its CLOSED shadow root, which page scripts and Playwright's
 * locators cannot enter: the DevTools protocol finds the root (DOM.getDocument with pierce),
 * reads it, and tells where its controls are; clicks and keys then go through the real
 * mouse and keyboard, as a visitor's would.
 */
import type { CDPSession, Page } from 'playwright-core'

import { UI_TIMEOUT_MS } from './console-page.js'

/** One line of the widget's log, as a visitor sees it. */
export interface WidgetLine {
  readonly id: string
  readonly role: string
  readonly body: string
  /** The mark under one's own message (…, 送信済み, 既読), or null. */
  readonly mark: string | null
}

export interface WidgetState {
  readonly status: string
  readonly typing: string
  readonly lines: readonly WidgetLine[]
  /** Texts of the remote-control request boxes. */
  readonly requests: readonly string[]
  readonly isPanelOpen: boolean
}

export interface ChatWidget {
  state(): Promise<WidgetState>
  /** Waits until `check` holds for the widget's state; returns that state. */
  waitFor(check: (state: WidgetState) => boolean, what: string): Promise<WidgetState>
  /** Clicks the first visible element matching `selector` (and containing `text`). */
  click(selector: string, text?: string): Promise<void>
  /** Clicks the field, then types as a visitor (real key events). */
  type(selector: string, text: string): Promise<void>
  /** The computed value of a CSS property of the first element matching `selector`. */
  style(selector: string, property: string): Promise<string>
}

interface Node {
  readonly localName?: string
  readonly backendNodeId: number
  readonly children?: readonly Node[]
  readonly shadowRoots?: readonly Node[]
}

function findHost(node: Node): Node | undefined {
  if (node.localName === 'tasuke-chat') return node
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findHost(child)
    if (found !== undefined) return found
  }
  return undefined
}

// Run in the page with `this` bound to the shadow root (kept as source text: these run in
// the browser, not here).
const READ_STATE = `function () {
  const text = (selector) => this.querySelector(selector)?.textContent ?? ''
  const lines = []
  for (const node of this.querySelectorAll('.msg')) {
    const next = node.nextElementSibling
    const mark = next !== null && next.classList.contains('tick') ? next.textContent : null
    lines.push({ id: node.dataset.id ?? '', role: node.classList[1] ?? '', body: node.textContent ?? '', mark })
  }
  const requests = [...this.querySelectorAll('.request')].map((box) => box.textContent ?? '')
  const panel = this.querySelector('.panel')
  const isPanelOpen = panel !== null && !panel.classList.contains('hidden')
  return { status: text('.status'), typing: text('.typing'), lines, requests, isPanelOpen }
}`

const CENTRE_OF = `function (selector, text) {
  const node = [...this.querySelectorAll(selector)].find(
    (candidate) => candidate.getClientRects().length > 0 && (candidate.textContent ?? '').includes(text),
  )
  if (node === undefined) return null
  node.scrollIntoView({ block: 'center' })
  const box = node.getBoundingClientRect()
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 }
}`

const STYLE_OF = `function (selector, property) {
  const node = this.querySelector(selector)
  return node === null ? '' : getComputedStyle(node).getPropertyValue(property)
}`

async function shadowRootOf(cdp: CDPSession): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT_MS
  while (Date.now() < deadline) {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true })
    const shadow = findHost(root)?.shadowRoots?.[0]
    if (shadow !== undefined) {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId })
      if (object.objectId !== undefined) return object.objectId
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('no <tasuke-chat> with a shadow root appeared on the page')
}

/** The widget on `page` (waits for the script to add it). */
export async function chatWidget(page: Page): Promise<ChatWidget> {
  const cdp = await page.context().newCDPSession(page)
  const rootId = await shadowRootOf(cdp)
  const call = async <T>(source: string, ...args: string[]): Promise<T> => {
    const answer = await cdp.send('Runtime.callFunctionOn', {
      objectId: rootId,
      functionDeclaration: source,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
    })
    if (answer.exceptionDetails !== undefined) {
      throw new Error(`in the widget: ${answer.exceptionDetails.text}`)
    }
    return answer.result.value as T
  }
  const state = () => call<WidgetState>(READ_STATE)
  const click = async (selector: string, text = '') => {
    const deadline = Date.now() + UI_TIMEOUT_MS
    for (;;) {
      const point = await call<{ x: number; y: number } | null>(CENTRE_OF, selector, text)
      if (point !== null) {
        await page.mouse.click(point.x, point.y)
        return
      }
      if (Date.now() > deadline) throw new Error(`no visible ${selector} "${text}" in the widget`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    state,
    async waitFor(check, what) {
      const deadline = Date.now() + UI_TIMEOUT_MS
      let last = await state()
      while (!check(last)) {
        if (Date.now() > deadline) {
          throw new Error(`the widget never showed ${what}; it shows ${JSON.stringify(last)}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
        last = await state()
      }
      return last
    },
    click,
    async type(selector, text) {
      await click(selector)
      await page.keyboard.type(text)
    },
    style: (selector, property) => call<string>(STYLE_OF, selector, property),
  }
}
