/**
 * The embeddable chat widget (DESIGN.md S6). One tag on the support company's site:
 *   <script src="https://<server>/widget.js" data-tenant="<slug>" async></script>
 * It adds one element, <tasuke-chat>, with a closed shadow root; it defines no globals and
 * its styles stay inside. The server is the script's own origin.
 */
import type { ServerToChatClient } from '@tasuke/protocol'

import { ChatConnection } from './connection'
import { pickText } from './i18n'
import { WidgetView } from './view'

function boot(script: HTMLScriptElement): void {
  const tenant = script.dataset['tenant'] ?? ''
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(tenant)) {
    console.error('tasuke widget: data-tenant must be the company slug')
    return
  }
  const server = new URL(script.src).origin
  const text = pickText(navigator.language)
  const host = document.createElement('tasuke-chat')
  let connection: ChatConnection | null = null
  let ownIds = new Set<string>()
  let counter = 0
  const newId = () =>
    `w${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`

  const onMessage = (message: ServerToChatClient) => {
    switch (message.type) {
      case 'chat-history':
        for (const posted of message.messages)
          view.addMessage(posted, posted.author.role === 'customer')
        if (message.peerReadUpTo !== undefined) view.markRead(message.peerReadUpTo)
        showState(message.state, message.operatorName)
        markReadUpToLast(message.messages.at(-1))
        return
      case 'chat-message':
        view.addMessage(message, ownIds.has(message.id))
        view.showTyping(false)
        markReadUpToLast(message)
        return
      case 'delivered':
        view.markDelivered(message.messageId)
        return
      case 'read':
        view.markRead(message.messageId)
        return
      case 'typing':
        view.showTyping(message.isTyping)
        return
      case 'conversation-state':
        showState(message.state, message.operatorName)
        return
      case 'remote-control-request':
        view.showRequest(message)
        return
      case 'error':
      case 'heartbeat':
      case 'remote-control-answer':
        return
    }
  }
  const markReadUpToLast = (last: { id: string; author: { role: string } } | undefined) => {
    if (last === undefined || last.author.role === 'customer' || connection === null) return
    connection.send({ type: 'read', conversationId: connection.conversationId, messageId: last.id })
  }
  const showState = (state: string, operatorName: string | undefined) => {
    if (state === 'closed') view.setStatus(text.closed)
    else if (state === 'active') view.setStatus(text.taken(operatorName ?? text.operator))
    else view.setStatus(text.waiting)
  }
  const attach = (saved: NonNullable<ReturnType<typeof ChatConnection.restore>>) => {
    connection = new ChatConnection(server, saved, {
      message: onMessage,
      connected: (isConnected) => {
        if (!isConnected) view.setStatus(text.reconnecting)
      },
    })
    ownIds = new Set()
    view.showChat()
    connection.start()
  }

  const view = new WidgetView(host, text, {
    start: (name) => {
      ChatConnection.open(server, tenant, name).then(attach, () => {
        view.setStatus(text.failed)
      })
    },
    send: (body) => {
      if (connection === null) return
      const id = newId()
      ownIds.add(id)
      view.addMessage(
        {
          type: 'chat-message',
          conversationId: connection.conversationId,
          id,
          author: { role: 'customer' },
          body,
          sentAt: Date.now(),
        },
        true,
      )
      connection.send({ type: 'chat-message', conversationId: connection.conversationId, id, body })
    },
    typing: (isTyping) => {
      connection?.send({ type: 'typing', conversationId: connection.conversationId, isTyping })
    },
    answer: (request, allowed) => {
      connection?.send({
        type: allowed ? 'remote-control-allowed' : 'remote-control-declined',
        conversationId: request.conversationId,
      })
      if (allowed) window.open(request.downloadUrl, '_blank', 'noopener')
    },
  })
  document.body.append(host)
  void ChatConnection.company(server, tenant).then((company) => {
    if (company !== null) view.setBrand(host, company.brandColor)
  })
  const saved = ChatConnection.restore(tenant)
  if (saved !== null) {
    view.setOpen(true)
    attach(saved)
  }
}

const script = document.currentScript
if (script instanceof HTMLScriptElement) {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => {
      boot(script)
    })
  } else boot(script)
}
