/**
 * The entry page's HTML (server-rendered, no inline script or style): the tenant's page with
 * the number field and the "program first" downloads, and the next-steps page with the live
 * status. Every value is escaped by the `html` template; the script only fills in text the
 * page already carries (page-script.ts).
 */
import { formatSessionCode } from '@tasuke/protocol'

import type { AgentPlatform } from '../downloads/platforms.js'
import { type CodeField, codeInput, keptLanguage } from '../http/public-pages/code-field.js'
import { type Html, html } from '../http/public-pages/html.js'
import type { PageLanguage } from '../http/public-pages/language.js'
import { renderPublicPage } from '../http/public-pages/page-shell.js'
import { PLATFORM_NAMES } from '../join/messages.js'
import type { DetectedSystem } from '../join/user-agent.js'
import type { EntryStatus, StatusView } from './entry.js'
import { ENDED_OUTCOMES, ENTRY_TEXTS, type EntryProblem, type EntryTexts } from './messages.js'
import { ENTRY_STYLESHEET_PATH } from './style.js'

export const ENTRY_SCRIPT_PATH = '/entry/page.js'

export interface EntryTenantView {
  readonly slug: string
  readonly name: string
  /** An https URL (checked when it was set and again here), or null. */
  readonly logoUrl: string | null
}

/** One program the page offers. */
export interface ProgramLink {
  readonly platform: AgentPlatform
  readonly href: string
  readonly fileName: string
  readonly sha256: string
}

interface Frame {
  readonly language: PageLanguage
  readonly otherLanguageHref: string
  readonly tenant: EntryTenantView
}

export interface EntryPageView extends Frame {
  /** What was typed, shown again to be corrected. */
  readonly typed: string | null
  readonly problem: EntryProblem | null
  /** The language asked for with ?lang, kept through the form. */
  readonly chosenLanguage: PageLanguage | null
  readonly system: DetectedSystem
  /** The generic programs ("program first"); empty when the server has none ready. */
  readonly programs: readonly ProgramLink[]
}

export function renderEntryPage(view: EntryPageView): string {
  const t = ENTRY_TEXTS[view.language]
  const platform = view.system.kind === 'supported' ? view.system.platform : null
  const action = `/s/${view.tenant.slug}`
  const field: CodeField = {
    id: 'entry-code',
    testId: 'entry-code-input',
    typed: view.typed,
    chosenLanguage: view.chosenLanguage,
  }
  const body = html`<h1>${t.formHeading}</h1>
    ${
      view.problem === null
        ? html`<p class="hint">${t.formHint}</p>`
        : html`<p class="problem" role="alert" data-testid="entry-problem">
            ${t.problem(view.problem)}
          </p>`
    }
    <form class="connect" method="post" action="${action}" data-testid="entry-form">
      <label for="entry-code">${t.codeLabel}</label>
      ${codeInput(field)} ${keptLanguage(field)}
      <button type="submit" data-testid="entry-connect">${t.connect}</button>
    </form>
    <h2>${t.howHeading}</h2>
    <ol class="steps" data-testid="entry-how">
      ${t.howSteps(platform).map((step) => html`<li>${step}</li>`)}
    </ol>
    ${
      view.programs.length === 0
        ? null
        : html`<section data-testid="entry-program-first">
            <h2>${t.programFirstHeading}</h2>
            <p>${t.programFirstHint}</p>
            <ul class="downloads">
              ${orderFor(view.programs, platform).map((p) => programItem(t, p))}
            </ul>
          </section>`
    }
    <p class="warning">${t.warning}</p>`
  return layout(view, t, body, null)
}

export interface NextStepsView extends Frame {
  readonly handle: string
  readonly status: StatusView
  /** The bound program for the customer's system, downloaded on arrival; null if none fits. */
  readonly primary: ProgramLink | null
  readonly others: readonly ProgramLink[]
  /** The Authenticode subject of the Windows program, when it is signed. */
  readonly publisher: string | null
  /** Until when the page keeps asking for the status (ISO). */
  readonly pollUntil: string
}

export function renderNextSteps(view: NextStepsView): string {
  const t = ENTRY_TEXTS[view.language]
  const { primary, status } = view
  const current = status.status
  const body = html`<h1>${t.nextHeading}</h1>
    <p class="code" data-testid="entry-code">
      ${t.codeLabel}: <strong>${formatSessionCode(status.code)}</strong>
    </p>
    <h2>${t.statusHeading}</h2>
    <p
      class="status"
      role="status"
      aria-live="polite"
      id="entry-status"
      data-testid="entry-status"
      data-status="${current}"
      data-handle="${view.handle}"
      data-poll-until="${view.pollUntil}"
    >
      ${t.status(current, status.outcome)}
    </p>
    <ul hidden id="entry-status-texts">
      ${statusTexts(t)}
    </ul>
    <noscript><p class="hint">${t.noScriptStatus}</p></noscript>
    <p class="hint">
      ${t.expiresLine}
      <time datetime="${status.expiresAt}" data-local-time>${utcText(status.expiresAt)}</time>
    </p>
    ${
      primary === null
        ? html`<p>${t.chooseProgram}</p>`
        : html`<p>${t.downloadStarted}</p>
            <p>
              <a
                class="button"
                id="entry-download"
                href="${primary.href}"
                data-auto-download="${current === 'waiting-for-program' ? '1' : '0'}"
                data-testid="entry-download"
                >${t.downloadAgain(primary.fileName)}</a
              >
            </p>`
    }
    <ol class="steps" data-testid="entry-next-steps">
      <li>${t.stepRun(primary?.fileName ?? 'tasuke-support')}</li>
      <li>${t.stepWarning(primary?.platform ?? 'win-x64')}</li>
      <li>
        ${t.stepPublisher(primary?.platform === 'win-x64' ? view.publisher : null)}
        ${
          primary === null
            ? null
            : html`<p class="sha">
                ${t.sha256}: <code data-testid="entry-sha256">${primary.sha256}</code>
              </p>`
        }
      </li>
      <li>${t.stepAccept}</li>
    </ol>
    ${
      view.others.length === 0
        ? null
        : html`<ul class="downloads" data-testid="entry-other-downloads">
            ${view.others.map((p) => programItem(t, p))}
          </ul>`
    }
    <p><a href="/s/${view.tenant.slug}?lang=${view.language}">${t.startOver}</a></p>
    <p class="warning">${t.warning}</p>`
  const refresh =
    primary !== null && current === 'waiting-for-program'
      ? html`<noscript><meta http-equiv="refresh" content="1; url=${primary.href}" /></noscript>`
      : null
  return layout(view, t, body, refresh)
}

export function renderNotFound(view: Omit<Frame, 'tenant'>): string {
  const t = ENTRY_TEXTS[view.language]
  return renderPublicPage({
    language: view.language,
    title: t.notFoundHeading,
    stylesheets: [ENTRY_STYLESHEET_PATH],
    head: null,
    header: null,
    heading: t.notFoundHeading,
    body: html`<p data-testid="entry-not-found">${t.notFound}</p>`,
    languageSwitch: null,
  })
}

function statusTexts(t: EntryTexts): Html[] {
  const live: EntryStatus[] = ['waiting-for-program', 'waiting-for-consent', 'connected']
  return [
    ...live.map((s) => html`<li data-status="${s}" data-outcome="">${t.status(s, null)}</li>`),
    ...ENDED_OUTCOMES.map(
      (o) => html`<li data-status="ended" data-outcome="${o}">${t.status('ended', o)}</li>`,
    ),
  ]
}

function programItem(t: EntryTexts, p: ProgramLink): Html {
  return html`<li>
    <a href="${p.href}" data-platform="${p.platform}" data-testid="entry-program-${p.platform}"
      >${t.download(PLATFORM_NAMES[p.platform])}</a
    >
    (${p.fileName})
    <p class="sha">${t.sha256}: <code>${p.sha256}</code></p>
  </li>`
}

/** The customer's own system first. */
function orderFor(programs: readonly ProgramLink[], platform: AgentPlatform | null): ProgramLink[] {
  return [...programs].sort(
    (a, b) => Number(b.platform === platform) - Number(a.platform === platform),
  )
}

function utcText(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`
}

function layout(frame: Frame, t: EntryTexts, body: Html, extraHead: Html | null): string {
  const { tenant } = frame
  return renderPublicPage({
    language: frame.language,
    title: t.title(tenant.name),
    stylesheets: [ENTRY_STYLESHEET_PATH, `/s/${tenant.slug}/brand.css`],
    head: html`<script src="${ENTRY_SCRIPT_PATH}" defer></script>
      ${extraHead}`,
    header: html`<header data-testid="entry-header">
      <div class="inner">
        ${
          isHttpsUrl(tenant.logoUrl)
            ? html`<img src="${tenant.logoUrl}" alt="" data-testid="entry-logo" />`
            : null
        }
        <p class="company" data-testid="entry-company">${tenant.name}</p>
      </div>
    </header>`,
    heading: null,
    body,
    languageSwitch: { href: frame.otherLanguageHref, label: t.otherLanguage },
  })
}

function isHttpsUrl(value: string | null): value is string {
  if (value === null) return false
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}
