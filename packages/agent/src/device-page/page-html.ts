/**
 * The "About this computer" page, rendered on the agent as plain HTML: no script at all, every
 * name the server sent escaped. The look is the consent window's (its stylesheet is served as
 * `app.css` with this page's few additions).
 * @module
 */
import type { Language } from '../i18n/messages.js'
import {
  durationText,
  localTimeText,
  outcomeText,
  policyText,
  problemText,
} from './history-format.js'
import type { DevicePageModel } from './page-model.js'
import { DEVICE_PAGE_TEXTS } from './page-texts.js'

export interface RenderOptions {
  /** Time zone of the dates; the computer's own when not given (tests pass one). */
  readonly timeZone?: string
}

export function renderDevicePage(
  model: DevicePageModel,
  language: Language,
  options: RenderOptions = {},
): string {
  const t = DEVICE_PAGE_TEXTS[language]
  const fact = (id: string, label: string, value: string) =>
    `<div id="${id}"><p class="fact-label">${escapeHtml(label)}</p><p class="fact-value">${escapeHtml(value)}</p></div>`
  const languageLink = (code: Language, name: string) =>
    `<a href="./?lang=${code}" lang="${code}" aria-current="${String(code === language)}">${name}</a>`
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(t.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="app.css">
</head>
<body>
<main class="card about">
<header class="card-top">
<span class="brand">${escapeHtml(t.title)}</span>
<nav class="language" aria-label="${escapeHtml(t.languageLabel)}">${languageLink('ja', '日本語')}${languageLink('en', 'English')}</nav>
</header>
${
  model.companyName === null
    ? `<p class="lead" id="installed-for">${escapeHtml(t.companyUnknown)}</p>`
    : `<p class="company" id="company">${escapeHtml(model.companyName)}</p>
<p class="lead" id="installed-for">${escapeHtml(t.installedFor(model.companyName))}</p>`
}
<div class="status" id="state" data-online="${String(model.isOnline)}"><span class="dot${model.isOnline ? '' : ' is-off'}"></span><span>${escapeHtml(`${t.state}: ${model.isOnline ? t.online : t.offline}`)}</span></div>
<div class="facts">
${fact('server', t.server, model.server)}
${fact('device-name', t.deviceName, model.deviceName)}
${fact('group', t.group, model.group ?? t.noGroup)}
${fact('policy', t.policy, model.policy === null ? t.policyUnknown : policyText(model.policy, language))}
</div>
<h2>${escapeHtml(t.historyHeading)}</h2>
${historySection(model, language, options)}
<h2>${escapeHtml(t.removeHeading)}</h2>
<p class="hint" id="remove">${escapeHtml(t.removeBody)}</p>
</main>
</body>
</html>
`
}

function historySection(
  model: DevicePageModel,
  language: Language,
  options: RenderOptions,
): string {
  const t = DEVICE_PAGE_TEXTS[language]
  if (model.problem !== null) {
    return `<p class="warning" id="history-problem" role="status">${escapeHtml(t.historyUnavailable(problemText(model.problem, language)))}</p>`
  }
  if (model.sessions.length === 0) {
    return `<p class="muted" id="history-empty">${escapeHtml(t.historyEmpty)}</p>`
  }
  const columns = t.historyColumns
  const rows = model.sessions.map((session) => {
    const cells = [
      localTimeText(session.startedAt, options.timeZone),
      session.operatorName,
      durationText(session, language),
      outcomeText(session.outcome, language),
    ]
    return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`
  })
  return `<table class="history" id="history">
<thead><tr><th scope="col">${escapeHtml(columns.time)}</th><th scope="col">${escapeHtml(columns.operator)}</th><th scope="col">${escapeHtml(columns.duration)}</th><th scope="col">${escapeHtml(columns.outcome)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character)
}
