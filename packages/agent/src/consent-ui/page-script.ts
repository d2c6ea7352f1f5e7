/**
 * The consent page's script, served as `app.js` under the token path. It renders the view it
 * receives over Server-Sent Events with DOM calls only (never HTML strings: the company and
 * operator names come from the server), and posts the customer's clicks back.
 * @module
 */
import { FILES_SCRIPT } from './page-files-script.js'
import { PAGE_TEXTS } from './page-texts.js'

// Accept stays disabled this long after a consent request appears, so a double click or a
// key press meant for the previous view cannot accept it.
const ACCEPT_ARMING_DELAY_MS = 800

export const PAGE_SCRIPT = `'use strict'
;(function () {
  var TEXTS = ${JSON.stringify(PAGE_TEXTS)}
  var ARMING_DELAY_MS = ${String(ACCEPT_ARMING_DELAY_MS)}
  var root = document.documentElement
  var card = document.getElementById('card')
  var content = document.getElementById('content')
  var offline = document.getElementById('offline')
  var brand = document.getElementById('brand')
  var language = root.getAttribute('data-language') === 'en' ? 'en' : 'ja'
  try {
    var saved = window.sessionStorage.getItem('tasuke-language')
    if (saved === 'ja' || saved === 'en') language = saved
  } catch (error) {}
  var current = null
  var shownType = ''
  var shownRevision = -1
  var armedRevision = -1
  var busy = false
  // An installed agent's note stays for the whole page, also on views made by a click.
  var installed = null

  function t() {
    return TEXTS[language]
  }
${FILES_SCRIPT}
  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined && text !== null) node.textContent = text
    return node
  }

  function button(className, text, id, onClick) {
    var node = el('button', className, text)
    node.type = 'button'
    node.id = id
    node.disabled = busy
    node.addEventListener('click', function (event) {
      if (!event.isTrusted) return
      onClick()
    })
    return node
  }

  // A pause or view-only switch: a real button whose pressed state the page announces.
  function toggle(text, id, isPressed, onClick) {
    var node = button(isPressed ? 'toggle is-on' : 'toggle', text, id, onClick)
    node.setAttribute('aria-pressed', String(isPressed))
    return node
  }

  // The clipboard switch (SPEC.md P9): on while pressed, so its label never changes.
  function clipboardSwitch(isOn) {
    var node = button('toggle' + (isOn ? ' is-shared' : ''), t().shareClipboard, 'share-clipboard',
      function () {
        send({ type: 'set-clipboard-shared', shared: !isOn })
      })
    node.setAttribute('role', 'switch')
    node.setAttribute('aria-checked', String(isOn))
    return node
  }

  function note(id, text) {
    var node = el('p', 'control-note', text)
    node.id = id
    node.setAttribute('role', 'status')
    return node
  }

  function fact(label, value) {
    var box = el('div')
    box.appendChild(el('p', 'fact-label', label))
    box.appendChild(el('p', 'fact-value', value))
    return box
  }

  function codeBox(code) {
    var box = el('div', 'code-box')
    box.appendChild(el('p', 'fact-label', t().verificationCode))
    var value = el('span', 'code', code)
    value.id = 'verification-code'
    box.appendChild(value)
    box.appendChild(el('p', 'hint', t().verificationHint))
    return box
  }

  function send(body) {
    if (!current || busy) return
    body.revision = current.revision
    busy = true
    render()
    fetch('action', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    })
      .catch(function () {})
      .then(function () {
        busy = false
        render()
      })
  }

  function choiceInput(type, id, name, isChecked, onChange) {
    var input = el('input')
    input.type = type
    input.id = id
    input.name = name
    input.checked = isChecked
    input.disabled = busy
    input.addEventListener('change', function (event) {
      if (!event.isTrusted) return
      onChange(input.checked)
    })
    return input
  }

  function labelled(input, text) {
    var label = el('label', 'choice')
    label.appendChild(input)
    label.appendChild(el('span', null, text))
    return label
  }

  // What the operator may see (SPEC.md P10): the whole screen or only the chosen applications.
  function applicationsSection() {
    var choice = current.applications
    if (!choice) return null
    var box = el('fieldset', 'applications')
    box.id = 'applications'
    box.appendChild(el('legend', 'fact-label', t().applicationsHeading))
    function choose(mode, chosen) {
      send({ type: 'set-shown-applications', mode: mode, chosen: chosen })
    }
    var isChosen = choice.mode === 'chosen'
    box.appendChild(labelled(choiceInput('radio', 'show-whole-screen', 'show-mode', !isChosen,
      function () {
        choose('whole-screen', choice.chosen.slice())
      }), t().showWholeScreen))
    box.appendChild(labelled(choiceInput('radio', 'show-chosen', 'show-mode', isChosen,
      function () {
        choose('chosen', choice.chosen.slice())
      }), t().showChosen))
    if (!isChosen) return box
    var list = el('ul', 'application-list')
    list.id = 'application-list'
    choice.applications.forEach(function (app, index) {
      var isOn = choice.chosen.indexOf(app.id) >= 0
      var item = el('li')
      item.appendChild(labelled(choiceInput('checkbox', 'application-' + index, 'application', isOn,
        function (checked) {
          var chosen = choice.chosen.filter(function (id) { return id !== app.id })
          if (checked) chosen.push(app.id)
          choose('chosen', chosen)
        }), app.title))
      list.appendChild(item)
    })
    box.appendChild(list)
    if (choice.applications.length === 0) box.appendChild(el('p', 'hint', t().noApplications))
    box.appendChild(note('applications-note', t().chosenApplicationsNote))
    return box
  }

  function renderAskCode(view, previousInput) {
    var box = el('div')
    box.appendChild(el('h1', null, t().askCodeHeading))
    box.appendChild(el('p', 'lead', t().askCodeHint))
    var field = el('div', 'field')
    var label = el('label', 'fact-label', t().codeLabel)
    label.htmlFor = 'session-code'
    var input = el('input')
    input.id = 'session-code'
    input.inputMode = 'numeric'
    input.autocomplete = 'off'
    input.maxLength = 64
    input.value = previousInput
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.isComposing) submit()
    })
    field.appendChild(label)
    field.appendChild(input)
    box.appendChild(field)
    if (view.problem) {
      var problem = el('p', 'problem', t().codeProblems[view.problem])
      problem.id = 'code-problem'
      problem.setAttribute('role', 'alert')
      box.appendChild(problem)
    }
    function submit() {
      send({ type: 'submit-code', code: input.value })
    }
    var actions = el('div', 'actions')
    actions.appendChild(button('primary', t().submitCode, 'submit-code', submit))
    box.appendChild(actions)
    return box
  }

  function renderConnecting() {
    var box = el('div')
    box.appendChild(el('h1', null, t().connecting))
    var actions = el('div', 'actions')
    actions.appendChild(button('danger', t().endSession, 'end', function () {
      send({ type: 'end' })
    }))
    box.appendChild(actions)
    return box
  }

  /** The seconds left before the policy answers, updated every second while shown. */
  function showCountdown(node, autoAnswer) {
    var update = function () {
      var seconds = Math.max(0, Math.ceil((autoAnswer.deadline - Date.now()) / 1000))
      var text = autoAnswer.answer === 'accept' ? t().autoAccept : t().autoDecline
      node.textContent = text.replace('{seconds}', String(seconds))
      node.setAttribute('data-seconds', String(seconds))
      if (node.isConnected) setTimeout(update, 250)
    }
    update()
    // Checked again once it is in the page (isConnected is false until then).
    setTimeout(update, 0)
  }

  function renderAskConsent(view) {
    var box = el('div')
    var company = el('p', 'company', view.companyName)
    company.id = 'company'
    box.appendChild(company)
    box.appendChild(el('p', 'lead', t().askConsentLead))
    if (view.companyDomain) {
      var domain = el('p', 'domain', '\\u2713 ' + t().verifiedDomain + ': ' + view.companyDomain)
      domain.id = 'company-domain'
      box.appendChild(domain)
    }
    var facts = el('div', 'facts')
    var operator = fact(t().operator, view.operatorName)
    operator.id = 'operator'
    facts.appendChild(operator)
    var shares = el('div')
    shares.appendChild(el('p', 'fact-label', t().sharesHeading))
    var list = el('ul', 'shares')
    list.id = 'shares'
    view.shares.forEach(function (share) {
      list.appendChild(el('li', null, t().shares[share]))
    })
    shares.appendChild(list)
    facts.appendChild(shares)
    box.appendChild(facts)
    var canControl = view.shares.indexOf('control') >= 0
    var warning = el('p', 'warning', canControl ? t().warning : t().warningViewOnly)
    warning.id = 'warning'
    warning.setAttribute('role', 'note')
    box.appendChild(warning)
    if (view.verificationCode) box.appendChild(codeBox(view.verificationCode))
    if (view.autoAnswer) {
      var countdown = el('p', 'warning', '')
      countdown.id = 'auto-answer'
      countdown.setAttribute('role', 'timer')
      countdown.setAttribute('data-answer', view.autoAnswer.answer)
      box.appendChild(countdown)
      showCountdown(countdown, view.autoAnswer)
    }
    var shown = applicationsSection()
    if (shown) box.appendChild(shown)
    var actions = el('div', 'actions')
    var accept = button('primary', t().accept, 'accept', function () {
      send({ type: 'accept' })
    })
    if (armedRevision !== current.revision) accept.disabled = true
    actions.appendChild(accept)
    actions.appendChild(button('secondary', t().decline, 'decline', function () {
      send({ type: 'decline' })
    }))
    box.appendChild(actions)
    return box
  }

  function renderConnected(view) {
    var box = el('div')
    var status = el('div', 'status')
    status.appendChild(el('span', 'dot'))
    var heading = el('h1', null, t().connected)
    heading.id = 'connected'
    status.appendChild(heading)
    box.appendChild(status)
    var facts = el('div', 'facts')
    var operator = fact(t().operator, view.operatorName)
    operator.id = 'operator'
    facts.appendChild(operator)
    var activity = fact(t().activityHeading, t().activities[view.activity])
    activity.id = 'activity'
    facts.appendChild(activity)
    box.appendChild(facts)
    if (view.verificationCode) box.appendChild(codeBox(view.verificationCode))
    var controls = view.controls
    if (controls.isPaused) box.appendChild(note('paused-note', t().pausedNote))
    if (controls.isViewOnly) box.appendChild(note('view-only-note', t().viewOnlyNote))
    var shownApplications = applicationsSection()
    if (shownApplications) box.appendChild(shownApplications)
    if (!controls.isClipboardShared) {
      box.appendChild(note('clipboard-off-note', t().clipboardOffNote))
    }
    var actions = el('div', 'actions')
    actions.setAttribute('role', 'group')
    actions.setAttribute('aria-label', t().controlsLabel)
    actions.appendChild(toggle(
      controls.isPaused ? t().resumeSharing : t().pauseSharing,
      'pause',
      controls.isPaused,
      function () {
        send({ type: 'set-paused', paused: !controls.isPaused })
      },
    ))
    actions.appendChild(toggle(
      controls.isViewOnly ? t().allowControl : t().viewOnly,
      'view-only',
      controls.isViewOnly,
      function () {
        send({ type: 'set-view-only', viewOnly: !controls.isViewOnly })
      },
    ))
    actions.appendChild(clipboardSwitch(controls.isClipboardShared))
    actions.appendChild(button('danger', t().endSession, 'end', function () {
      send({ type: 'end' })
    }))
    box.appendChild(actions)
    box.appendChild(el('p', 'hint', t().endHint))
    if (view.files) box.appendChild(renderFiles(view.files))
    return box
  }

  function renderFinal(heading, body) {
    var box = el('div')
    var title = el('h1', null, heading)
    title.id = 'final'
    box.appendChild(title)
    box.appendChild(el('p', null, body))
    box.appendChild(el('p', 'muted', t().canClose))
    return box
  }

  function installedNote() {
    if (!installed) return null
    var name = installed.companyName
    // A function, so a '$' in the name is not read as a replacement pattern.
    var text = t().installedFor.replace('{company}', function () { return name })
    var box = el('p', 'hint installed-note', text + ' \u00b7 ')
    box.id = 'installed-for'
    var link = el('a', null, t().connectionHistory)
    link.id = 'history-link'
    // Only the agent's own loopback page, never another address.
    if (/^http:[/][/]127[.]0[.]0[.]1:[0-9]{1,5}[/][A-Za-z0-9_-]+[/]$/.test(installed.historyUrl)) {
      link.href = installed.historyUrl + '?lang=' + language
    }
    link.target = '_blank'
    link.rel = 'noopener noreferrer'
    box.appendChild(link)
    return box
  }

  function renderView(view, previousInput) {
    switch (view.type) {
      case 'ask-code':
        return renderAskCode(view, previousInput)
      case 'connecting':
        return renderConnecting()
      case 'ask-consent':
        return renderAskConsent(view)
      case 'connected':
        return renderConnected(view)
      case 'ended':
        return renderFinal(t().endedHeading, t().endReasons[view.reason])
      case 'declined':
        return renderFinal(t().declinedHeading, t().declinedBody)
      case 'error':
        return renderFinal(t().errorHeading, view.message)
      default:
        return el('div')
    }
  }

  function render() {
    root.lang = language
    document.title = t().title
    brand.textContent = t().title
    offline.textContent = t().offline
    var switches = document.querySelectorAll('#language button')
    for (var i = 0; i < switches.length; i++) {
      var item = switches[i]
      item.setAttribute('aria-pressed', String(item.getAttribute('data-language') === language))
    }
    if (!current) return
    var view = current.view
    var input = document.getElementById('session-code')
    var previousInput = input ? input.value : ''
    var hadInputFocus = input !== null && document.activeElement === input
    if (view.installed) installed = view.installed
    content.replaceChildren(renderView(view, previousInput))
    var note = installedNote()
    if (note) content.appendChild(note)
    content.setAttribute('data-view', view.type)
    var isNewView = view.type !== shownType || current.revision !== shownRevision
    if (view.type === 'ask-consent' && current.revision !== shownRevision) arm(current.revision)
    var codeInput = document.getElementById('session-code')
    if (codeInput && (hadInputFocus || (isNewView && (view.type !== shownType || view.problem)))) {
      codeInput.focus()
    } else if (isNewView && view.type !== shownType) {
      // The card, never a button: Enter right after the view appears must not accept.
      card.focus()
    }
    shownType = view.type
    shownRevision = current.revision
  }

  function arm(revision) {
    window.setTimeout(function () {
      if (!current || current.revision !== revision) return
      armedRevision = revision
      var accept = document.getElementById('accept')
      if (accept && !busy) accept.disabled = false
    }, ARMING_DELAY_MS)
  }

  var switches = document.querySelectorAll('#language button')
  for (var i = 0; i < switches.length; i++) {
    switches[i].addEventListener('click', function (event) {
      var chosen = event.currentTarget.getAttribute('data-language')
      if (chosen !== 'ja' && chosen !== 'en') return
      language = chosen
      try {
        window.sessionStorage.setItem('tasuke-language', chosen)
      } catch (error) {}
      render()
    })
  }

  var events = new EventSource('events')
  events.addEventListener('message', function (event) {
    current = JSON.parse(event.data)
    offline.hidden = true
    render()
  })
  events.addEventListener('error', function () {
    var finished = current && (current.view.type === 'ended' || current.view.type === 'declined')
    if (finished) {
      events.close()
    } else {
      offline.hidden = false
    }
  })
  render()
})()
`
