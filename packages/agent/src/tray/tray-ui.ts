/**
 * The tray as a decorator of the consent window (issue 6): once the customer (or the
 * policy) has said yes and the view is `connected`, the tray icon appears with who is
 * connected and 中止 / Stop, and stays for the whole session. 中止 in the tray is the
 * customer's `end`, exactly as the window's end button. The tray goes when the session ends
 * or the window closes.
 * @module
 */
import type { ConsentUi, ConsentView, CustomerAction } from '../consent-ui/index.js'
import { openTray, type Tray, type TrayOptions } from './index.js'

export type WithTrayOptions = Omit<TrayOptions, 'onStop'>

export function withTray(ui: ConsentUi, options: WithTrayOptions): ConsentUi {
  const handlers = new Set<(action: CustomerAction) => void>()
  const emit = (action: CustomerAction) => {
    for (const handler of [...handlers]) handler(action)
  }
  const unsubscribe = ui.onAction(emit)
  let tray: Promise<Tray | null> | null = null
  let operatorName: string | null = null
  let isOver = false

  const show = (view: Extract<ConsentView, { type: 'connected' }>) => {
    operatorName = view.operatorName
    if (tray === null) {
      tray = openTray({
        language: options.language,
        log: options.log,
        env: options.env,
        onStop: () => {
          if (!isOver) emit({ type: 'end' })
        },
      }).then(
        (opened) => {
          opened?.setOperator(operatorName)
          return opened
        },
        (error: unknown) => {
          options.log(`no tray on this desktop: ${(error as Error).message}`)
          return null
        },
      )
      return
    }
    void tray.then((opened) => {
      opened?.setOperator(operatorName)
    })
  }
  const closeTray = async () => {
    isOver = true
    const opened = await tray
    await opened?.close().catch((error: unknown) => {
      options.log(`the tray did not close cleanly: ${(error as Error).message}`)
    })
  }

  return {
    url: ui.url,
    update: (view) => {
      ui.update(view)
      switch (view.type) {
        case 'connected':
          if (!isOver) show(view)
          return
        case 'ended':
        case 'declined':
        case 'error':
          void closeTray()
          return
        case 'ask-code':
        case 'connecting':
        case 'ask-consent':
          return
      }
    },
    showApplications: (choice) => {
      ui.showApplications(choice)
    },
    onAction: (handler) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    close: async () => {
      unsubscribe()
      await closeTray()
      await ui.close()
    },
  }
}
