/**
 * The customer's join pages as static HTML (no script): the page for a number with its
 * download, the form to type a number, and the "not available" and "please wait" answers.
 * Every value is escaped by the `html` template.
 */
import { formatSessionCode, type SessionCodeProblem } from '@tasuke/protocol'

import type { AgentPlatform } from '../downloads/platforms.js'
import { type CodeField, codeInput, keptLanguage } from '../http/public-pages/code-field.js'
import { type Html, html } from '../http/public-pages/html.js'
import type { PageLanguage } from '../http/public-pages/language.js'
import { renderPublicPage } from '../http/public-pages/page-shell.js'
import { JOIN_TEXTS, type JoinTexts, PLATFORM_NAMES, SYSTEM_NAMES } from './messages.js'
import type { DetectedSystem } from './user-agent.js'

export const JOIN_STYLESHEET_PATH = '/join/page.css'

/** One program the page offers. */
export interface JoinDownload {
  readonly platform: AgentPlatform
  /** The download route, with the number. */
  readonly href: string
  readonly fileName: string
  /** What the browser will receive (the brotli or gzip copy when it accepts one). */
  readonly bytes: number
  readonly sha256: string
}

interface Frame {
  readonly language: PageLanguage
  /** This page in the other language. */
  readonly otherLanguageHref: string
}

export interface JoinPageView extends Frame {
  readonly code: string
  readonly system: DetectedSystem
  /** The programs this server has, in AGENT_PLATFORMS order. */
  readonly downloads: readonly JoinDownload[]
}

export function renderJoinPage(view: JoinPageView): string {
  const t = JOIN_TEXTS[view.language]
  const { system } = view
  const primary =
    system.kind === 'supported'
      ? (view.downloads.find((d) => d.platform === system.platform) ?? null)
      : null
  const others = view.downloads.filter((d) => d !== primary)
  const notice =
    system.kind === 'unsupported'
      ? t.unsupported(SYSTEM_NAMES[system.system])
      : system.kind === 'unknown'
        ? t.unknownSystem
        : primary === null
          ? t.missingBuild(PLATFORM_NAMES[system.platform])
          : null
  const body = html` ${codeBlock(t, view.code)}
    ${notice === null ? null : html`<p class="notice" data-testid="join-notice">${notice}</p>`}
    ${primary === null ? null : primaryDownload(t, primary)}
    <h2>${t.stepsHeading}</h2>
    <ol class="steps" data-testid="join-steps">
      <li>${t.stepDownload}</li>
      <li>${t.stepRun(primary)}</li>
      <li>${t.stepAccept}</li>
    </ol>
    ${
      others.length === 0
        ? null
        : html`<h2>${primary === null ? t.allHeading : t.otherHeading}</h2>
            <ul class="others" data-testid="join-others">
              ${others.map((d) => secondaryDownload(t, d))}
            </ul>`
    }
    <p class="warning">${t.warning}</p>`
  return layout(view, t, body)
}

export interface CodeFormView extends Frame {
  /** What was typed, shown again to be corrected; null for an empty form. */
  readonly typed: string | null
  readonly problem: SessionCodeProblem | null
  /** The language asked for with ?lang, kept through the form. */
  readonly chosenLanguage: PageLanguage | null
}

export function renderCodeForm(view: CodeFormView): string {
  const t = JOIN_TEXTS[view.language]
  const field: CodeField = {
    id: null,
    testId: 'join-code-input',
    typed: view.typed,
    chosenLanguage: view.chosenLanguage,
  }
  const body = html` <h2>${t.formHeading}</h2>
    ${
      view.problem === null
        ? html`<p>${t.formHint}</p>`
        : html`<p class="problem" role="alert" data-testid="join-problem">
            ${t.codeProblem(view.problem)}
          </p>`
    }
    <form method="get" action="/join">
      <label>${t.codeLabel} ${codeInput(field)}</label>
      ${keptLanguage(field)}
      <button type="submit">${t.connect}</button>
    </form>
    <p class="warning">${t.warning}</p>`
  return layout(view, t, body)
}

export function renderUnavailable(view: Frame & { readonly code: string }): string {
  const t = JOIN_TEXTS[view.language]
  const body = html` ${codeBlock(t, view.code)}
    <h2>${t.unavailableHeading}</h2>
    <p class="problem" role="alert" data-testid="join-problem">${t.unavailable}</p>`
  return layout(view, t, body)
}

export function renderRateLimited(view: Frame): string {
  const t = JOIN_TEXTS[view.language]
  const body = html` <h2>${t.rateLimitedHeading}</h2>
    <p class="problem" role="alert" data-testid="join-problem">${t.rateLimited}</p>`
  return layout(view, t, body)
}

function codeBlock(t: JoinTexts, code: string): Html {
  return html`<p class="code-label">${t.codeLabel}</p>
    <p class="code" data-testid="join-code" data-code="${code}">${formatSessionCode(code)}</p>`
}

function primaryDownload(t: JoinTexts, d: JoinDownload): Html {
  return html`<a
      class="download"
      href="${d.href}"
      data-testid="join-download"
      data-platform="${d.platform}"
      >${t.download(PLATFORM_NAMES[d.platform])}</a
    >
    <p class="file">${t.fileLine(d.fileName, megabytes(d.bytes))}</p>
    <p class="sha">${t.sha256}: <code data-testid="join-sha256">${d.sha256}</code></p>`
}

function secondaryDownload(t: JoinTexts, d: JoinDownload): Html {
  return html`<li>
    <a href="${d.href}" data-platform="${d.platform}">${t.download(PLATFORM_NAMES[d.platform])}</a>
    — ${t.fileLine(d.fileName, megabytes(d.bytes))}
    <p class="sha">${t.sha256}: <code>${d.sha256}</code></p>
  </li>`
}

function layout(frame: Frame, t: JoinTexts, body: Html): string {
  return renderPublicPage({
    language: frame.language,
    title: t.title,
    stylesheets: [JOIN_STYLESHEET_PATH],
    head: null,
    header: null,
    heading: t.heading,
    body,
    languageSwitch: { href: frame.otherLanguageHref, label: t.otherLanguage },
  })
}

/** Sizes as the downloads docs and log give them: MiB with one decimal, written "MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
