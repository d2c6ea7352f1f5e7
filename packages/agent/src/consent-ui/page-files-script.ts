/**
 * The file-transfer part of the consent page's script (SPEC.md T-rules), placed inside the
 * page script's closure (it uses its `el`, `button`, `send`, `render`, `language`, `busy`):
 * each transfer with a progress bar and 中止/Stop, the question about browsing and a switch
 * to take it back, and a picker in which the customer walks their own folders (through the
 * local `files` endpoint) to offer files to the operator.
 * @module
 */
import { FILES_TEXTS } from './page-files-texts.js'

export const FILES_SCRIPT = `
  var FILES_TEXTS = ${JSON.stringify(FILES_TEXTS)}
  // The picker is the page's own state: which folder it shows, or null while closed.
  var picker = null

  function ft() {
    return FILES_TEXTS[language]
  }

  function formatBytes(bytes) {
    var units = ['B', 'KB', 'MB', 'GB', 'TB']
    var value = bytes
    var unit = 0
    while (value >= 1000 && unit < units.length - 1) {
      value = value / 1000
      unit += 1
    }
    return (unit === 0 ? String(value) : value.toFixed(value >= 100 ? 0 : 1)) + ' ' + units[unit]
  }

  function timeLeft(seconds) {
    if (seconds === null) return ''
    if (seconds < 90) return ft().secondsLeft.replace('{n}', String(Math.max(1, seconds)))
    return ft().minutesLeft.replace('{n}', String(Math.round(seconds / 60)))
  }

  function renderTransfer(transfer) {
    var item = el('li', 'transfer is-' + transfer.state)
    item.id = 'transfer-' + transfer.transferId
    var top = el('div', 'transfer-top')
    top.appendChild(el('span', 'transfer-direction',
      transfer.direction === 'to-customer' ? ft().toCustomer : ft().fromCustomer))
    var name = el('span', 'transfer-name', transfer.name)
    top.appendChild(name)
    item.appendChild(top)
    // An empty file is done when it completes; a failed one that never opened shows 0%.
    var percent = transfer.size === 0 ? 0 : Math.floor((transfer.bytesDone * 100) / transfer.size)
    if (transfer.state === 'completed') percent = 100
    var bar = el('progress', 'transfer-bar')
    bar.max = 100
    bar.value = percent
    bar.setAttribute('aria-label', transfer.name)
    item.appendChild(bar)
    var facts = [percent + '%', ft().states[transfer.state]]
    if (transfer.state === 'running') {
      facts.push(ft().perSecond.replace('{speed}', formatBytes(transfer.bytesPerSecond)))
      var left = timeLeft(transfer.secondsLeft)
      if (left) facts.push(left)
    }
    var figures = el('p', 'transfer-figures', facts.join(' · '))
    figures.setAttribute('role', 'status')
    item.appendChild(figures)
    if (transfer.state === 'failed' && transfer.problem) {
      item.appendChild(el('p', 'transfer-problem', ft().problems[transfer.problem]))
    }
    if (transfer.state === 'running' || transfer.state === 'waiting') {
      item.appendChild(button('danger small', ft().cancel, 'cancel-' + transfer.transferId,
        function () {
          send({ type: 'cancel-transfer', transferId: transfer.transferId })
        }))
    }
    return item
  }

  function renderBrowse(files) {
    if (files.browse === 'asking') {
      var box = el('div', 'browse-question')
      box.id = 'browse-question'
      box.setAttribute('role', 'alert')
      box.appendChild(el('p', null, ft().askBrowse))
      var actions = el('div', 'actions')
      actions.appendChild(button('primary', ft().allow, 'allow-browse', function () {
        send({ type: 'set-file-browsing', allowed: true })
      }))
      actions.appendChild(button('secondary', ft().refuse, 'refuse-browse', function () {
        send({ type: 'set-file-browsing', allowed: false })
      }))
      box.appendChild(actions)
      return box
    }
    if (files.browse === 'not-asked') return null
    var isAllowed = files.browse === 'allowed'
    var toggle = button('toggle', ft().browseSwitch, 'browse-switch', function () {
      send({ type: 'set-file-browsing', allowed: !isAllowed })
    })
    toggle.setAttribute('role', 'switch')
    toggle.setAttribute('aria-checked', String(isAllowed))
    return toggle
  }

  function renderOffers(files) {
    var box = el('div', 'offers')
    box.appendChild(el('p', 'fact-label', ft().offersHeading))
    var list = el('ul', 'offer-list')
    list.id = 'offers'
    if (files.offers.length === 0) list.appendChild(el('li', 'muted', ft().noOffers))
    files.offers.forEach(function (offer) {
      var item = el('li', 'offer')
      item.appendChild(el('span', 'offer-name', offer.name))
      item.appendChild(el('span', 'muted', formatBytes(offer.size)))
      item.appendChild(button('secondary small', ft().removeOffer, 'remove-' + offer.offerId,
        function () {
          send({ type: 'remove-offer', offerId: offer.offerId })
        }))
      list.appendChild(item)
    })
    box.appendChild(list)
    if (picker === null) {
      box.appendChild(button('secondary', ft().offerFile, 'offer-file', function () {
        openFolder('')
      }))
    } else {
      box.appendChild(renderPicker())
    }
    return box
  }

  function openFolder(path) {
    picker = { path: path, listing: picker ? picker.listing : null, problem: false }
    render()
    fetch('files?path=' + encodeURIComponent(path), { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status))
        return response.json()
      })
      .then(function (listing) {
        if (picker === null) return
        picker = { path: listing.path, listing: listing, problem: false }
        render()
      })
      .catch(function () {
        if (picker === null) return
        picker = { path: picker.path, listing: picker.listing, problem: true }
        render()
      })
  }

  function renderPicker() {
    var box = el('div', 'picker')
    box.id = 'picker'
    box.setAttribute('role', 'dialog')
    box.setAttribute('aria-label', ft().pickerHeading)
    box.appendChild(el('p', 'fact-label', ft().pickerHeading))
    var listing = picker.listing
    var bar = el('div', 'picker-bar')
    var where = el('span', 'picker-path', listing ? listing.path : '')
    where.id = 'picker-path'
    bar.appendChild(where)
    if (listing && listing.parent !== null) {
      bar.appendChild(button('secondary small', ft().up, 'picker-up', function () {
        openFolder(listing.parent)
      }))
    }
    bar.appendChild(button('secondary small', ft().close, 'picker-close', function () {
      picker = null
      render()
    }))
    box.appendChild(bar)
    if (picker.problem) {
      var problem = el('p', 'problem', ft().cannotOpen)
      problem.setAttribute('role', 'alert')
      box.appendChild(problem)
    }
    if (!listing) return box
    var list = el('ul', 'picker-list')
    list.id = 'picker-list'
    if (listing.entries.length === 0) list.appendChild(el('li', 'muted', ft().emptyFolder))
    listing.entries.forEach(function (entry, index) {
      var item = el('li', 'picker-entry is-' + entry.kind)
      var path = listing.path.replace(/\\/$/, '') + '/' + entry.name
      if (entry.kind === 'folder') {
        var open = button('link', '\\ud83d\\udcc1 ' + entry.name, 'picker-folder-' + index, function () {
          openFolder(path)
        })
        open.disabled = false
        item.appendChild(open)
      } else if (entry.kind === 'file') {
        item.appendChild(el('span', 'picker-name', entry.name))
        item.appendChild(el('span', 'muted', formatBytes(entry.size)))
        item.appendChild(button('primary small', ft().offerThis, 'picker-offer-' + index, function () {
          send({ type: 'offer-file', path: path })
        }))
      } else {
        item.appendChild(el('span', 'picker-name muted', entry.name))
      }
      list.appendChild(item)
    })
    box.appendChild(list)
    if (listing.isTruncated) box.appendChild(el('p', 'hint', ft().truncated))
    return box
  }

  function renderFiles(files) {
    var box = el('section', 'files')
    box.id = 'files'
    box.setAttribute('aria-label', ft().heading)
    box.appendChild(el('h2', null, ft().heading))
    var browse = renderBrowse(files)
    if (browse) box.appendChild(browse)
    if (files.transfers.length > 0) {
      var list = el('ul', 'transfers')
      list.id = 'transfers'
      files.transfers.forEach(function (transfer) {
        list.appendChild(renderTransfer(transfer))
      })
      box.appendChild(list)
    }
    box.appendChild(renderOffers(files))
    return box
  }
`
