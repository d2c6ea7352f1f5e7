/** A link inside the console that changes the page without a reload. */
import type { ComponentChildren } from 'preact'

import { followLink } from '../router'

interface Props {
  readonly href: string
  readonly isCurrent?: boolean
  readonly class?: string
  /** An accessible name when the visible text is not enough on its own. */
  readonly label?: string
  readonly children: ComponentChildren
}

export function NavLink({ href, isCurrent, class: className, label, children }: Props) {
  return (
    <a
      href={href}
      class={className}
      aria-label={label}
      aria-current={isCurrent === true ? 'page' : undefined}
      onClick={(event) => {
        followLink(event, href)
      }}
    >
      {children}
    </a>
  )
}
