// The benchmark's meter inside the operator's page (see page-meter.ts). Plain JavaScript on
// purpose: it runs as an init script before the page's own code. `window.__meterSquares` is
// set by the line before it.
;(() => {
  const squares = window.__meterSquares
  const meter = { bytes: 0, paints: 0, paintedFrames: 0, samples: [], presses: [] }
  window.__meter = meter
  const now = () => performance.timeOrigin + performance.now()

  const NativeWebSocket = window.WebSocket
  window.WebSocket = function CountingWebSocket(url, protocols) {
    const socket = new NativeWebSocket(url, protocols)
    socket.addEventListener('message', (event) => {
      const data = event.data
      if (typeof data === 'string') meter.bytes += data.length
      else if (data instanceof ArrayBuffer) meter.bytes += data.byteLength
      else if (data instanceof Blob) meter.bytes += data.size
    })
    return socket
  }
  window.WebSocket.prototype = NativeWebSocket.prototype
  Object.assign(window.WebSocket, {
    CONNECTING: 0,
    OPEN: 1,
    CLOSING: 2,
    CLOSED: 3,
  })

  let paintedSinceFrame = false
  const countFrames = () => {
    if (paintedSinceFrame) meter.paintedFrames += 1
    paintedSinceFrame = false
    requestAnimationFrame(countFrames)
  }
  requestAnimationFrame(countFrames)

  const largestCanvas = () => {
    let best = null
    for (const canvas of document.querySelectorAll('canvas')) {
      if (best === null || canvas.width * canvas.height > best.width * best.height) best = canvas
    }
    return best
  }
  const covers = (detail, square) =>
    detail.x < square.x + square.size &&
    square.x < detail.x + detail.width &&
    detail.y < square.y + square.size &&
    square.y < detail.y + detail.height

  document.addEventListener('tasuke:painted', (event) => {
    const detail = event.detail
    meter.paints += 1
    paintedSinceFrame = true
    for (const name of ['changing', 'clickable']) {
      const square = squares[name]
      if (!covers(detail, square)) continue
      const context = largestCanvas()?.getContext('2d')
      if (!context) continue
      const half = Math.floor(square.size / 2)
      const [r, g, b] = context.getImageData(square.x + half, square.y + half, 1, 1).data
      meter.samples.push({ square: name, colour: (r << 16) | (g << 8) | b, at: detail.paintedAt })
    }
  })
  document.addEventListener('pointerdown', () => meter.presses.push(now()), { capture: true })
})()
