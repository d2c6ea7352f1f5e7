/**
 * The entry page's one script, served as /entry/page.js (the CSP allows no inline script).
 * On the next-steps page it starts the download once, writes times in the viewer's locale,
 * and follows the session's status every few seconds until it ends or the handle runs out.
 * It only shows text the page already carries, so every word stays server-side.
 */
export const STATUS_POLL_MS = 2_000
const MAX_POLL_MS = 30_000

export const ENTRY_PAGE_SCRIPT = `'use strict'
;(function () {
  var language = document.documentElement.lang || undefined
  var times = document.querySelectorAll('time[data-local-time]')
  for (var i = 0; i < times.length; i++) {
    var when = new Date(times[i].getAttribute('datetime'))
    if (!isNaN(when.getTime())) {
      times[i].textContent = when.toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' })
    }
  }

  var download = document.getElementById('entry-download')
  var status = document.getElementById('entry-status')
  if (download && status && download.getAttribute('data-auto-download') === '1') {
    var key = 'tasuke-entry-downloaded:' + status.getAttribute('data-handle')
    var done = false
    try {
      done = window.sessionStorage.getItem(key) === '1'
      window.sessionStorage.setItem(key, '1')
    } catch (error) {}
    if (!done) window.location.assign(download.getAttribute('href'))
  }
  if (!status) return

  var handle = status.getAttribute('data-handle')
  var until = new Date(status.getAttribute('data-poll-until')).getTime()
  var delay = ${String(STATUS_POLL_MS)}

  function textFor(state, outcome) {
    var items = document.querySelectorAll('#entry-status-texts li')
    var fallback = null
    for (var i = 0; i < items.length; i++) {
      var item = items[i]
      if (item.getAttribute('data-status') !== state) continue
      if (item.getAttribute('data-outcome') === (outcome || '')) return item.textContent
      if (item.getAttribute('data-outcome') === 'completed' || fallback === null) fallback = item.textContent
    }
    return fallback
  }

  function show(state, outcome) {
    var text = textFor(state, outcome)
    if (text === null) return
    status.setAttribute('data-status', state)
    if (status.textContent !== text) status.textContent = text
  }

  function poll() {
    if (Date.now() > until) return
    fetch('/api/v1/entry/status/' + encodeURIComponent(handle), {
      cache: 'no-store',
      credentials: 'omit',
      headers: { Accept: 'application/json' },
    })
      .then(function (response) {
        if (response.status === 404) return null
        if (!response.ok) throw new Error('status ' + response.status)
        return response.json()
      })
      .then(function (body) {
        if (body === null) return
        delay = ${String(STATUS_POLL_MS)}
        show(body.status, body.outcome)
        var next = new Date(body.pollUntil).getTime()
        if (!isNaN(next)) until = next
        if (body.status !== 'ended') window.setTimeout(poll, delay)
      })
      .catch(function () {
        delay = Math.min(delay * 2, ${String(MAX_POLL_MS)})
        window.setTimeout(poll, delay)
      })
  }
  if (status.getAttribute('data-status') !== 'ended') window.setTimeout(poll, delay)
})()
`
