/**
 * HTML built from template literals that escape every value put into them: only what an
 * `html` template (or `raw`) made passes through unescaped, so text from a URL, a header or
 * a typed number can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** What a template accepts between `${…}`: text (escaped), markup, lists, or nothing. */
export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[]

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlPart[]): Html {
  let out = strings[0] ?? ''
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '')
  })
  return new Html(out)
}

/** Markup written in this code, never anything received. */
export function raw(markup: string): Html {
  return new Html(markup)
}

function render(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof Html) return part.value
  if (typeof part === 'number') return String(part)
  if (typeof part === 'string') return escapeHtml(part)
  return part.map(render).join('')
}
