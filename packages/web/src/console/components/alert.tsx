/** Messages above or below a form: errors are announced at once, notices politely. */

export function ErrorAlert({ message }: { readonly message: string | null }) {
  // The region stays in the page so screen readers notice when text appears in it.
  return (
    <div class={message === null ? 'alert-region' : 'alert alert-error'} role="alert">
      {message}
    </div>
  )
}

export function Notice({ message }: { readonly message: string | null }) {
  return (
    <div class={message === null ? 'alert-region' : 'alert alert-success'} role="status">
      {message}
    </div>
  )
}
