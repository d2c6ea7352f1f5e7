/**
 * What the browser test installs in the host page before any of its scripts run
 * (`page.addInitScript(installProbe)`): `window.onerror` and an unhandled-rejection listener
 * that record anything the widget throws into the page, the page's own global names at that
 * moment, and the shadow roots attached since (the widget's root is closed, so the test
 * cannot reach it otherwise). Only `widgetProbe` itself is added to the page.
 */

export interface AttachedRoot {
  readonly host: Element
  readonly mode: ShadowRootMode
  readonly root: ShadowRoot
}

export interface WidgetProbe {
  readonly errors: string[]
  readonly globalsBefore: readonly string[]
  readonly roots: AttachedRoot[]
}

declare global {
  interface Window {
    widgetProbe: WidgetProbe
  }
}

/** Runs in the page; it must not refer to anything outside its own body. */
export function installProbe(): void {
  const errors: string[] = []
  const roots: AttachedRoot[] = []
  // Defined twice so that its own name is among the globals counted as the page's.
  window.widgetProbe = { errors, roots, globalsBefore: [] }
  window.widgetProbe = {
    errors,
    roots,
    globalsBefore: Object.getOwnPropertyNames(window),
  }
  window.onerror = (message) => {
    errors.push(`error: ${typeof message === 'string' ? message : message.type}`)
  }
  window.addEventListener('unhandledrejection', (event) => {
    errors.push(`unhandled rejection: ${String(event.reason)}`)
  })
  // Typed as a function property: it is called below with the element as `this`.
  const prototype: { attachShadow: (this: Element, init: ShadowRootInit) => ShadowRoot } =
    Element.prototype
  const attach = prototype.attachShadow
  Element.prototype.attachShadow = function attachShadow(this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init)
    roots.push({ host: this, mode: init.mode, root })
    return root
  }
}
