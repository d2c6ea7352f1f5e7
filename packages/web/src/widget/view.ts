/**
 * The widget's interface, built with DOM calls inside a closed shadow root: the chat button,
 * the optional name, the messages with delivered/read marks, the typing line, and the
 * operator's remote-control request with 許可する/Allow and 拒否/Decline.
 */
import type { ServerToChatClient } from '@tasuke/protocol'

import type { WidgetText } from './i18n'
import { WIDGET_CSS } from './styles'

type Posted = Extract<ServerToChatClient, { type: 'chat-message' }>
type Request = Extract<ServerToChatClient, { type: 'remote-control-request' }>

export interface ViewActions {
  start(name: string): void
  send(body: string): void
  typing(isTyping: boolean): void
  answer(request: Request, allowed: boolean): void
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className !== '') node.className = className
  if (text !== '') node.textContent = text
  return node
}

export class WidgetView {
  private readonly launcher = el('button', 'launcher')
  private readonly panel = el('div', 'panel hidden')
  private readonly status = el('div', 'status')
  private readonly log = el('div', 'log')
  private readonly typingLine = el('div', 'typing')
  private readonly startForm = el('form', 'start')
  private readonly chatForm = el('form', 'hidden')
  private readonly ticks = new Map<string, HTMLElement>()
  private typingTimer: ReturnType<typeof setTimeout> | undefined

  constructor(
    host: HTMLElement,
    private readonly text: WidgetText,
    private readonly actions: ViewActions,
  ) {
    const root = host.attachShadow({ mode: 'closed' })
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(WIDGET_CSS)
    root.adoptedStyleSheets = [sheet]
    this.launcher.type = 'button'
    this.launcher.textContent = text.open
    this.launcher.addEventListener('click', () => {
      this.setOpen(true)
    })
    const header = el('header')
    header.append(el('span', '', text.title))
    const close = el('button', '', '×')
    close.type = 'button'
    close.setAttribute('aria-label', text.close)
    close.addEventListener('click', () => {
      this.setOpen(false)
    })
    header.append(close)
    this.buildStartForm()
    this.buildChatForm()
    this.panel.setAttribute('role', 'dialog')
    this.panel.setAttribute('aria-label', text.title)
    this.panel.append(header, this.status, this.startForm, this.log, this.typingLine, this.chatForm)
    root.append(this.launcher, this.panel)
  }

  setBrand(host: HTMLElement, color: string): void {
    if (/^#[0-9a-f]{6}$/i.test(color)) host.style.setProperty('--brand', color)
  }

  setOpen(isOpen: boolean): void {
    this.launcher.classList.toggle('hidden', isOpen)
    this.panel.classList.toggle('hidden', !isOpen)
  }

  showChat(): void {
    this.startForm.classList.add('hidden')
    this.chatForm.classList.remove('hidden')
    this.chatForm.querySelector('textarea')?.focus()
  }

  setStatus(text: string): void {
    this.status.textContent = text
  }

  addMessage(message: Posted, own: boolean): void {
    if (this.log.querySelector(`[data-id="${CSS.escape(message.id)}"]`) !== null) return
    const node = el('div', `msg ${message.author.role}`, message.body)
    node.dataset['id'] = message.id
    this.log.append(node)
    if (own) {
      const tick = el('div', 'tick', '…')
      this.ticks.set(message.id, tick)
      this.log.append(tick)
    }
    this.log.scrollTop = this.log.scrollHeight
  }

  markDelivered(id: string): void {
    const tick = this.ticks.get(id)
    if (tick !== undefined && tick.textContent !== this.text.read)
      tick.textContent = this.text.delivered
  }

  markRead(upTo: string): void {
    let reached = false
    for (const [id, tick] of [...this.ticks].reverse()) {
      if (id === upTo) reached = true
      if (reached) tick.textContent = this.text.read
    }
  }

  showTyping(isTyping: boolean): void {
    this.typingLine.textContent = isTyping ? this.text.typing : ''
  }

  showRequest(request: Request): void {
    // The server repeats an unanswered request after each reconnect: one box per number.
    if (this.log.querySelector(`[data-code="${CSS.escape(request.sessionCode)}"]`) !== null) return
    const box = el('div', 'request')
    box.dataset['code'] = request.sessionCode
    box.append(el('strong', '', this.text.requestTitle), el('p', '', this.text.requestText))
    const actions = el('div', 'actions')
    const allow = el('button', 'primary', this.text.allow)
    const decline = el('button', 'secondary', this.text.decline)
    allow.type = 'button'
    decline.type = 'button'
    const done = (allowed: boolean) => {
      actions.replaceChildren(el('span', '', allowed ? this.text.allowed : this.text.declined))
      this.actions.answer(request, allowed)
    }
    allow.addEventListener('click', () => {
      done(true)
    })
    decline.addEventListener('click', () => {
      done(false)
    })
    actions.append(allow, decline)
    box.append(actions)
    this.log.append(box)
    this.log.scrollTop = this.log.scrollHeight
  }

  private buildStartForm(): void {
    const label = el('label', '', this.text.nameLabel)
    const name = el('input')
    name.maxLength = 128
    name.autocomplete = 'name'
    label.append(name)
    const start = el('button', 'primary', this.text.start)
    start.type = 'submit'
    this.startForm.append(label, start)
    this.startForm.addEventListener('submit', (event) => {
      event.preventDefault()
      start.disabled = true
      this.actions.start(name.value.trim())
    })
  }

  private buildChatForm(): void {
    const input = el('textarea')
    input.placeholder = this.text.placeholder
    input.maxLength = 4000
    input.setAttribute('aria-label', this.text.placeholder)
    const send = el('button', 'send', this.text.send)
    send.type = 'submit'
    this.chatForm.append(input, send)
    const submit = () => {
      const body = input.value.trim()
      if (body === '') return
      input.value = ''
      clearTimeout(this.typingTimer)
      // Forgotten, so the next keystroke says "typing" again.
      this.typingTimer = undefined
      this.actions.typing(false)
      this.actions.send(body)
    }
    this.chatForm.addEventListener('submit', (event) => {
      event.preventDefault()
      submit()
    })
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault()
        submit()
      }
    })
    input.addEventListener('input', () => {
      if (this.typingTimer === undefined) this.actions.typing(true)
      clearTimeout(this.typingTimer)
      this.typingTimer = setTimeout(() => {
        this.typingTimer = undefined
        this.actions.typing(false)
      }, 2000)
    })
  }
}
