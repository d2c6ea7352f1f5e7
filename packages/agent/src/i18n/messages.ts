/** What the agent tells the customer, in Japanese and English (the seed's wording for ja). */
import type { RedeemFailure } from '../server-api/redeem.js'
import type { SessionOutcome } from '../session/attended-session.js'

export type Language = 'ja' | 'en'

export interface AgentMessages {
  readonly usage: string
  readonly askCode: string
  readonly noServer: string
  readonly unsupportedPlatform: (platform: string) => string
  readonly unreachable: (detail: string) => string
  readonly redeemed: (company: string, operator: string) => string
  readonly openPage: (url: string) => string
  readonly outcome: (outcome: SessionOutcome) => string
  readonly failure: (failure: RedeemFailure, retryAfterSeconds: number | null) => string
}

const en: AgentMessages = {
  usage: [
    'Usage: tasuke-agent [--server URL] [--code NUMBER] [--fingerprint SHA256] [--lang ja|en]',
    '',
    '  --server       the support company’s tasuke address (set by the download)',
    '  --code         the 8-digit session number the operator gave you',
    '  --fingerprint  SHA-256 fingerprint of the server certificate to trust',
    '  --lang         language of the messages',
    '  --no-browser   do not open the window in a browser, only print its address',
    '                 (at a terminal, the number is then asked for there)',
    '  --receive-dir  folder for files the operator sends (default ~/Downloads/tasuke)',
    '',
    'Without a number the window asks for it.',
  ].join('\n'),
  askCode: 'Enter the 8-digit session number from your operator: ',
  noServer:
    'This program does not know which support company to connect to. Download it again from your support company’s page.',
  unsupportedPlatform: (platform) =>
    `Screen sharing is not available on this system (${platform}) yet. Nothing was shared and your session number is still valid: please tell your support person.`,
  unreachable: (detail) =>
    `Could not reach the support server (${detail}). Check your internet connection and try again.`,
  redeemed: (company, operator) =>
    `${operator} of ${company} is asking to connect to your computer.`,
  openPage: (url) => `Answer the request in your browser. If no window opened, open: ${url}`,
  outcome: (outcome) => {
    switch (outcome) {
      case 'declined':
        return 'You declined. Nothing was shared.'
      case 'ended-by-customer':
        return 'You ended the session.'
      case 'ended-by-operator':
        return 'The support session has ended.'
      case 'connection-lost':
        return 'The connection to the support server was lost. The session has ended.'
      case 'refused':
        return 'The support server refused the connection. Ask your operator for a new number.'
      case 'failed':
        return 'The session was ended because the secure connection could not be kept.'
    }
  },
  failure: (failure, retry) => {
    switch (failure) {
      case 'invalid-code':
        return 'That is not an 8-digit session number. Check the number and try again.'
      case 'unknown-code':
        return 'This session number does not exist. Check the number with your operator.'
      case 'expired-code':
        return 'This session number has expired. Ask your operator for a new one.'
      case 'used-code':
        return 'This session number has already been used. Ask your operator for a new one.'
      case 'rate-limited':
        return `Too many attempts. Please wait ${String(retry ?? 60)} seconds and try again.`
      case 'server-error':
        return 'The support server could not handle the request. Please try again later.'
    }
  },
}

const ja: AgentMessages = {
  usage: [
    '使い方: tasuke-agent [--server URL] [--code 番号] [--fingerprint SHA256] [--lang ja|en]',
    '',
    '  --server       サポート企業の tasuke のアドレス（ダウンロード時に設定されます）',
    '  --code         オペレータから伝えられた8桁のセッション番号',
    '  --fingerprint  信頼するサーバ証明書の SHA-256 フィンガープリント',
    '  --lang         表示する言語',
    '  --no-browser   ブラウザで画面を開かず、アドレスだけを表示する',
    '                 （端末から実行した場合は、番号を端末で入力します）',
    '  --receive-dir  オペレータから送られたファイルの保存先（既定は ~/Downloads/tasuke）',
    '',
    '番号を指定しない場合は、画面で番号を入力します。',
  ].join('\n'),
  askCode: 'オペレータから伝えられた8桁のセッション番号を入力してください: ',
  noServer:
    '接続先のサポート企業が分かりません。サポート企業のページからもう一度ダウンロードしてください。',
  unsupportedPlatform: (platform) =>
    `このシステム（${platform}）での画面共有にはまだ対応していません。何も共有されておらず、セッション番号はまだ有効です。サポート担当者にお知らせください。`,
  unreachable: (detail) =>
    `サポートサーバに接続できませんでした（${detail}）。インターネット接続を確認して、もう一度お試しください。`,
  redeemed: (company, operator) =>
    `${company} の ${operator} が、このコンピュータへの接続を求めています。`,
  openPage: (url) =>
    `ブラウザで接続の確認をしてください。画面が開かない場合は、次のアドレスを開いてください: ${url}`,
  outcome: (outcome) => {
    switch (outcome) {
      case 'declined':
        return '接続を拒否しました。何も共有されていません。'
      case 'ended-by-customer':
        return 'リモート接続を終了しました。'
      case 'ended-by-operator':
        return 'サポートセッションは終了しました。'
      case 'connection-lost':
        return 'サポートサーバとの接続が切れたため、セッションは終了しました。'
      case 'refused':
        return 'サポートサーバに接続を拒否されました。オペレータに新しい番号をお尋ねください。'
      case 'failed':
        return '安全な接続を保てなかったため、セッションを終了しました。'
    }
  },
  failure: (failure, retry) => {
    switch (failure) {
      case 'invalid-code':
        return '8桁のセッション番号ではありません。番号を確認して、もう一度入力してください。'
      case 'unknown-code':
        return 'このセッション番号は存在しません。オペレータに番号をご確認ください。'
      case 'expired-code':
        return 'このセッション番号は有効期限が切れています。オペレータに新しい番号をお尋ねください。'
      case 'used-code':
        return 'このセッション番号はすでに使用されています。オペレータに新しい番号をお尋ねください。'
      case 'rate-limited':
        return `試行回数が多すぎます。${String(retry ?? 60)}秒ほど待ってから、もう一度お試しください。`
      case 'server-error':
        return 'サポートサーバで問題が発生しました。しばらくしてから、もう一度お試しください。'
    }
  },
}

export const MESSAGES: Readonly<Record<Language, AgentMessages>> = { ja, en }

/** The language from the flag, else the system locale (LANG, LC_ALL…), else English. */
export function pickLanguage(
  flag: Language | null,
  env: Readonly<Record<string, string | undefined>>,
): Language {
  if (flag !== null) return flag
  const locale = env['LC_ALL'] ?? env['LC_MESSAGES'] ?? env['LANG'] ?? ''
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}
