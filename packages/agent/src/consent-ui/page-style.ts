/** The consent page's style sheet, served as `app.css` under the token path. */
export const PAGE_STYLE = `
:root {
  color-scheme: light;
  --ink: #1f2733;
  --muted: #5b6675;
  --line: #e3e7ee;
  --brand: #1f4fd1;
  --brand-dark: #183fa8;
  --ok: #1b8a4b;
  --warn-bg: #fff6e0;
  --warn-line: #f0c35a;
  --warn-ink: #6b4a00;
  --danger: #b42318;
  font-family: system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN',
    'Noto Sans JP', 'Yu Gothic UI', Meiryo, sans-serif;
  color: var(--ink);
  background: linear-gradient(160deg, #eef2f8 0%, #e3e9f3 100%);
}
* { box-sizing: border-box; }
html, body { margin: 0; min-height: 100%; }
body { display: flex; align-items: flex-start; justify-content: center; padding: 6vh 16px; }
.card {
  width: 100%;
  max-width: 540px;
  background: #fff;
  border-radius: 16px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 12px 32px rgba(16, 24, 40, 0.12);
  padding: 24px 28px 28px;
  outline: none;
  line-height: 1.6;
}
.card-top {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 12px;
  padding-bottom: 14px;
  margin-bottom: 20px;
  border-bottom: 1px solid var(--line);
}
.brand { font-size: 14px; font-weight: 600; color: var(--muted); letter-spacing: 0.02em; }
.language { display: flex; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.language button {
  font: inherit;
  font-size: 13px;
  border: 0;
  background: #fff;
  color: var(--muted);
  padding: 4px 12px;
  cursor: pointer;
}
.language button[aria-pressed='true'] { background: var(--ink); color: #fff; }
.offline {
  margin: 0 0 16px;
  padding: 8px 12px;
  border-radius: 8px;
  background: #f2f4f7;
  color: var(--muted);
  font-size: 14px;
}
h1 { font-size: 22px; margin: 0 0 8px; line-height: 1.35; }
.company { font-size: 30px; font-weight: 700; margin: 0; line-height: 1.25; word-break: break-word; }
.lead { margin: 6px 0 0; color: var(--muted); }
.domain { margin: 6px 0 0; font-size: 14px; color: var(--ok); }
.facts { margin: 20px 0 0; display: grid; gap: 14px; }
.fact-label { font-size: 13px; color: var(--muted); margin: 0; }
.fact-value { font-size: 17px; font-weight: 600; margin: 0; word-break: break-word; }
.shares { margin: 2px 0 0; padding-left: 20px; }
.shares li { font-weight: 600; }
.warning {
  margin: 22px 0 0;
  padding: 14px 16px;
  border: 1px solid var(--warn-line);
  border-left-width: 5px;
  border-radius: 10px;
  background: var(--warn-bg);
  color: var(--warn-ink);
  font-weight: 600;
}
.code-box {
  margin: 22px 0 0;
  padding: 14px 16px;
  border-radius: 10px;
  background: #f5f7fb;
  text-align: center;
}
.code {
  display: block;
  font-family: ui-monospace, 'SF Mono', Consolas, 'Liberation Mono', monospace;
  font-size: 36px;
  font-weight: 700;
  letter-spacing: 0.12em;
  margin: 2px 0;
}
.hint { font-size: 13px; color: var(--muted); margin: 0; }
.actions { display: flex; gap: 12px; margin-top: 26px; flex-wrap: wrap; }
.actions button, .primary, .secondary, .danger {
  font: inherit;
  font-size: 16px;
  font-weight: 600;
  border-radius: 10px;
  padding: 11px 26px;
  cursor: pointer;
  min-width: 120px;
}
.primary { background: var(--brand); color: #fff; border: 1px solid var(--brand); }
.primary:hover:not(:disabled) { background: var(--brand-dark); }
.primary:disabled { opacity: 0.55; cursor: default; }
.secondary { background: #fff; color: var(--ink); border: 1px solid #c8cfda; }
.danger { background: #fff; color: var(--danger); border: 1px solid var(--danger); }
.toggle { background: #fff; color: var(--ink); border: 1px solid #c8cfda; }
.toggle.is-on { background: var(--warn-bg); color: var(--warn-ink); border-color: var(--warn-line); }
.toggle[role='switch']::before { content: '☐ '; }
.applications { border: 1px solid var(--line); border-radius: 8px; margin: 16px 0; padding: 8px 14px 12px; }
.applications legend { padding: 0 6px; }
.choice { display: flex; align-items: center; gap: 8px; padding: 4px 0; cursor: pointer; }
.application-list { list-style: none; margin: 4px 0 0 24px; padding: 0; }
.toggle[role='switch'][aria-checked='true']::before { content: '☑ '; }
.control-note {
  margin: 18px 0 0;
  padding: 10px 14px;
  border-radius: 10px;
  background: var(--warn-bg);
  color: var(--warn-ink);
  font-weight: 600;
}
.files { margin-top: 26px; border-top: 1px solid var(--line); padding-top: 8px; }
.files h2 { font-size: 18px; margin: 12px 0; }
.transfers, .offer-list, .picker-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.transfer { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.transfer-top { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.transfer-direction { font-size: 13px; color: var(--muted); }
.transfer-name, .offer-name, .picker-name { font-weight: 600; overflow-wrap: anywhere; }
.transfer-bar { width: 100%; height: 10px; margin: 8px 0 4px; }
.transfer-figures { margin: 0 0 6px; font-size: 13px; color: var(--muted); }
.transfer.is-failed .transfer-figures { color: var(--danger); }
.transfer-problem { margin: 0 0 6px; font-size: 13px; color: var(--danger); }
.browse-question { margin: 12px 0; padding: 12px 14px; border-radius: 10px; background: var(--warn-bg); color: var(--warn-ink); }
.browse-question .actions { margin-top: 12px; }
.offers { margin-top: 16px; }
.offer, .picker-entry { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.picker { margin-top: 12px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; max-height: 360px; overflow: auto; }
.picker-bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 8px; }
.picker-path { font-family: ui-monospace, 'Liberation Mono', monospace; font-size: 13px; overflow-wrap: anywhere; flex: 1; }
.files .small, .picker .small { font-size: 13px; padding: 4px 12px; min-width: 0; border-radius: 8px; }
.link { background: none; border: none; color: var(--brand); font: inherit; cursor: pointer; padding: 2px 0; text-align: left; }
button:focus-visible, input:focus-visible { outline: 3px solid rgba(31, 79, 209, 0.35); outline-offset: 2px; }
.status { display: flex; align-items: center; gap: 10px; }
.status h1 { margin: 0; }
.actions + .hint { margin-top: 12px; }
.dot { width: 12px; height: 12px; border-radius: 50%; background: var(--ok); flex: none; }
.field { margin-top: 18px; display: grid; gap: 6px; }
.field input {
  font: inherit;
  font-size: 26px;
  letter-spacing: 0.1em;
  padding: 8px 12px;
  border: 1px solid #c8cfda;
  border-radius: 10px;
  width: 100%;
}
.problem { color: var(--danger); margin: 8px 0 0; font-weight: 600; }
.muted { color: var(--muted); }
`
