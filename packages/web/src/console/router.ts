/** Client-side routing on the history API; the server answers index.html for every page. */
import { useEffect, useState } from 'preact/hooks'

const NAVIGATE_EVENT = 'tasuke:navigate'

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = location.pathname + location.search
  if (to === current) return
  if (options.replace === true) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  window.scrollTo(0, 0)
}

export interface Location {
  readonly path: string
  readonly query: URLSearchParams
}

function read(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) }
}

/** The current path and query; re-renders on back/forward and on {@link navigate}. */
export function useLocation(): Location {
  const [current, setCurrent] = useState(read)
  useEffect(() => {
    const update = () => {
      setCurrent(read())
    }
    window.addEventListener('popstate', update)
    window.addEventListener(NAVIGATE_EVENT, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(NAVIGATE_EVENT, update)
    }
  }, [])
  return current
}

/** Handles a link click in the page unless the user asked for a new tab or window. */
export function followLink(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0) return
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  navigate(href)
}
