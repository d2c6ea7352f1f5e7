/** Hands a verified fetched file to the operator as a browser download named as the agent said. */

/** How long the object URL stays valid after the click (the browser has started by then). */
const REVOKE_AFTER_MS = 60_000

/** Returns a `save` that downloads a Blob through an `<a download>` in `document`. */
export function downloadTo(document: Document): (name: string, file: Blob) => void {
  return (name, file) => {
    const url = URL.createObjectURL(file)
    const link = document.createElement('a')
    link.href = url
    // The agent sends a bare name; a `/` would be a folder the browser does not make.
    link.download = name.split('/').at(-1) ?? name
    link.rel = 'noopener'
    link.style.display = 'none'
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => {
      URL.revokeObjectURL(url)
    }, REVOKE_AFTER_MS)
  }
}
