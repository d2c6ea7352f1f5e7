/**
 * The widget's styles, adopted by its shadow root as a constructed stylesheet: they never
 * reach the host page, the host page's rules never reach them, and a strict host CSP
 * (no 'unsafe-inline' styles) does not block them.
 */
export const WIDGET_CSS = `
:host { all: initial !important; position: fixed !important; right: 20px !important;
  bottom: 20px !important; z-index: 2147483000 !important;
  font: 14px/1.5 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif !important;
  color: #1b1f24 !important; }
* { box-sizing: border-box; }
button { font: inherit; cursor: pointer; border: 0; border-radius: 8px; padding: 8px 14px; }
.launcher { background: var(--brand, #0b6bcb); color: #fff; border-radius: 999px; padding: 12px 20px;
  box-shadow: 0 4px 16px rgba(0,0,0,.2); font-weight: 600; }
.panel { width: 340px; max-width: calc(100vw - 40px); height: 480px; max-height: calc(100vh - 40px);
  background: #fff; border-radius: 12px; box-shadow: 0 8px 32px rgba(0,0,0,.25);
  display: flex; flex-direction: column; overflow: hidden; }
.hidden { display: none !important; }
header { background: var(--brand, #0b6bcb); color: #fff; padding: 10px 14px; display: flex;
  align-items: center; justify-content: space-between; font-weight: 600; }
header button { background: transparent; color: #fff; padding: 2px 8px; }
.status { padding: 6px 14px; background: #f3f5f8; color: #4a5360; font-size: 12px; }
.log { flex: 1; overflow-y: auto; padding: 10px 14px; display: flex; flex-direction: column; gap: 6px; }
.msg { max-width: 80%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-break: break-word; }
.msg.customer { align-self: flex-end; background: var(--brand, #0b6bcb); color: #fff; }
.msg.operator, .msg.system { align-self: flex-start; background: #eef1f5; }
.tick { font-size: 11px; color: #6b7480; align-self: flex-end; }
.typing { font-size: 12px; color: #6b7480; padding: 0 14px 4px; min-height: 18px; }
form { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #e3e7ec; }
input, textarea { font: inherit; flex: 1; border: 1px solid #c9d0d8; border-radius: 8px; padding: 8px; }
textarea { resize: none; height: 40px; }
.send, .primary { background: var(--brand, #0b6bcb); color: #fff; }
.secondary { background: #eef1f5; color: #1b1f24; }
.start { padding: 16px; display: flex; flex-direction: column; gap: 10px; }
.request { margin: 6px 0; padding: 10px; border: 2px solid var(--brand, #0b6bcb); border-radius: 10px; background: #f7fbff; }
.request p { margin: 4px 0 8px; }
.request .actions { display: flex; gap: 8px; }
`
