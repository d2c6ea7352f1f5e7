/**
 * The consent page's HTML shell. The script (`page-script.ts`) fills the card from the
 * state it receives; nothing here is inline script or style, so the CSP can forbid both.
 * @module
 */
import { PAGE_TEXTS } from './page-texts.js'
import type { Language } from './page-texts.js'

/** The page for the given starting language; relative links resolve under the token path. */
export function renderPageHtml(language: Language): string {
  const texts = PAGE_TEXTS[language]
  return `<!doctype html>
<html lang="${language}" data-language="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${texts.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="app.css">
<script src="app.js" defer></script>
</head>
<body>
<main class="card" id="card" tabindex="-1" aria-live="polite">
<header class="card-top">
<span class="brand" id="brand">${texts.title}</span>
<div class="language" role="group" id="language" aria-label="${texts.languageLabel}">
<button type="button" data-language="ja" lang="ja">日本語</button>
<button type="button" data-language="en" lang="en">English</button>
</div>
</header>
<p class="offline" id="offline" role="status" hidden></p>
<div id="content"></div>
</main>
</body>
</html>
`
}
