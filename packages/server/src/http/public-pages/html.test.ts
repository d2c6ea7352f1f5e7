import { describe, expect, it } from 'vitest'

import { escapeHtml, html, raw } from './html.js'

describe('html', () => {
  it('escapes every value, in text and in attributes', () => {
    const value = `<img src=x onerror="alert('1')">&`
    expect(html`<p title="${value}">${value}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">' +
        '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</p>',
    )
    expect(escapeHtml('a < b')).toBe('a &lt; b')
  })

  it('keeps markup made by templates, lists them, and drops empty values', () => {
    const items = ['a', '<b>'].map((item) => html`<li>${item}</li>`)
    expect(
      html`<ul>
        ${items}${null}${false}${undefined}${raw('<hr>')}${3}
      </ul>`.value.replace(/\n\s*/g, ''),
    ).toBe('<ul><li>a</li><li>&lt;b&gt;</li><hr>3</ul>')
  })
})
