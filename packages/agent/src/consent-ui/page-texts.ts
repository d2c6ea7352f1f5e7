/**
 * The consent page's wording in Japanese and English (the seed's words for ja: 承諾, 拒否,
 * 接続されました, キャンセル). Plain strings only: they are sent to the page as JSON.
 * @module
 */
import type { CodeProblem, EndReason, OperatorActivity, Share } from './consent-state.js'

export type Language = 'ja' | 'en'

export interface PageTexts {
  readonly title: string
  readonly languageLabel: string
  readonly askCodeHeading: string
  readonly askCodeHint: string
  readonly codeLabel: string
  readonly submitCode: string
  readonly codeProblems: Readonly<Record<CodeProblem, string>>
  readonly connecting: string
  readonly askConsentLead: string
  /** The countdown of an installed agent's policy; `{seconds}` is replaced. */
  readonly autoAccept: string
  readonly autoDecline: string
  readonly verifiedDomain: string
  readonly operator: string
  readonly sharesHeading: string
  readonly shares: Readonly<Record<Share, string>>
  readonly warning: string
  readonly warningViewOnly: string
  readonly verificationCode: string
  readonly verificationHint: string
  readonly accept: string
  readonly decline: string
  readonly connected: string
  readonly activityHeading: string
  readonly activities: Readonly<Record<OperatorActivity, string>>
  readonly controlsLabel: string
  readonly pauseSharing: string
  readonly resumeSharing: string
  readonly viewOnly: string
  readonly allowControl: string
  readonly pausedNote: string
  readonly viewOnlyNote: string
  readonly shareClipboard: string
  readonly applicationsHeading: string
  readonly showWholeScreen: string
  readonly showChosen: string
  readonly noApplications: string
  readonly chosenApplicationsNote: string
  readonly clipboardOffNote: string
  readonly endSession: string
  readonly endHint: string
  readonly endedHeading: string
  readonly endReasons: Readonly<Record<EndReason, string>>
  readonly declinedHeading: string
  readonly declinedBody: string
  readonly errorHeading: string
  readonly canClose: string
  /** An installed agent's line; `{company}` is replaced. */
  readonly installedFor: string
  readonly connectionHistory: string
  readonly offline: string
}

const ja: PageTexts = {
  title: 'リモートサポート',
  languageLabel: '表示言語',
  askCodeHeading: 'セッション番号を入力してください',
  askCodeHint: 'オペレーターからお伝えした8桁の番号を入力してください。',
  codeLabel: 'セッション番号',
  submitCode: '次へ',
  codeProblems: {
    invalid: '8桁の数字を入力してください。',
    unknown: 'この番号のセッションは見つかりません。番号をご確認ください。',
    expired: 'この番号は有効期限が切れています。オペレーターに新しい番号をお尋ねください。',
    used: 'この番号はすでに使用されています。オペレーターに新しい番号をお尋ねください。',
    'rate-limited': '試行回数が多すぎます。しばらく待ってからもう一度お試しください。',
  },
  connecting: '接続しています…',
  askConsentLead: 'があなたのコンピューターへのリモート接続を求めています。',
  autoAccept: '応答がない場合、あと {seconds} 秒で自動的に接続されます。',
  autoDecline: '応答がない場合、あと {seconds} 秒で自動的に拒否されます。',
  verifiedDomain: '確認済みドメイン',
  operator: '担当オペレーター',
  sharesHeading: '共有される内容',
  shares: { screen: 'あなたの画面の表示', control: 'マウスとキーボードの操作' },
  warning:
    'ご自身でこの会社に問い合わせた場合にのみ承諾してください。承諾すると、相手はあなたの画面を見て操作できるようになります。',
  warningViewOnly:
    'ご自身でこの会社に問い合わせた場合にのみ承諾してください。承諾すると、相手はあなたの画面を見られるようになります。',
  verificationCode: '確認コード',
  verificationHint: 'オペレーターの画面に同じコードが表示されていることをご確認ください。',
  accept: '承諾',
  decline: '拒否',
  connected: '接続されました',
  activityHeading: 'オペレーターの状況',
  activities: {
    waiting: '接続の準備をしています',
    viewing: 'あなたの画面を見ています',
    controlling: 'あなたのコンピューターを操作しています',
    'reading-system-info': 'システム情報を確認しています',
    'transferring-file': 'ファイルを転送しています',
    reconnecting: '再接続しています…',
    restarting: 'このコンピューターを再起動しています。起動後に自動で再接続します',
  },
  controlsLabel: '共有の設定',
  pauseSharing: '画面の共有を一時停止',
  resumeSharing: '再開',
  viewOnly: '操作を許可しない（表示のみ）',
  allowControl: '操作を許可する',
  pausedNote: '画面の共有を一時停止しています。オペレーターにはあなたの画面が見えません。',
  viewOnlyNote: 'オペレーターは画面を見ることだけができます。操作は許可していません。',
  shareClipboard: 'クリップボードを共有',
  applicationsHeading: '見せるアプリケーション',
  showWholeScreen: '画面全体',
  showChosen: '選んだアプリだけ',
  noApplications: '開いているアプリケーションはありません。',
  chosenApplicationsNote:
    'ほかのウィンドウとデスクトップは灰色で隠れます。オペレーターは選んだアプリケーションだけを見て操作できます。',
  clipboardOffNote:
    'クリップボードは共有していません。コピーした文字はオペレーターに送られず、オペレーターからも届きません。',
  endSession: 'キャンセル',
  endHint: '「キャンセル」をクリックすると、いつでもリモート接続を切断できます。',
  endedHeading: 'リモート接続を終了しました',
  endReasons: {
    customer: 'リモート接続を切断しました。画面の共有は停止しています。',
    operator: 'オペレーターがリモート接続を終了しました。画面の共有は停止しています。',
    'connection-lost': '接続が切れました。画面の共有は停止しています。',
    error: '安全な接続を保てなかったため、リモート接続を終了しました。画面の共有は停止しています。',
  },
  declinedHeading: 'リモート接続を拒否しました',
  declinedBody: '何も共有されていません。',
  errorHeading: '問題が発生しました',
  canClose: 'このウィンドウは閉じてかまいません。',
  installedFor: '{company} のリモートサポート用にインストール済み',
  connectionHistory: '接続履歴',
  offline: 'プログラムとの通信が途切れています…',
}

const en: PageTexts = {
  title: 'Remote support',
  languageLabel: 'Language',
  askCodeHeading: 'Enter your session number',
  askCodeHint: 'Type the 8-digit number your operator gave you.',
  codeLabel: 'Session number',
  submitCode: 'Continue',
  codeProblems: {
    invalid: 'Enter the 8 digits of your session number.',
    unknown: 'There is no session with this number. Check the number and try again.',
    expired: 'This session number has expired. Ask your operator for a new one.',
    used: 'This session number has already been used. Ask your operator for a new one.',
    'rate-limited': 'Too many attempts. Please wait a moment and try again.',
  },
  connecting: 'Connecting…',
  askConsentLead: 'is asking to connect to your computer for remote support.',
  autoAccept: 'If nobody answers, the connection starts by itself in {seconds} s.',
  autoDecline: 'If nobody answers, the connection is declined in {seconds} s.',
  verifiedDomain: 'Verified domain',
  operator: 'Operator',
  sharesHeading: 'What will be shared',
  shares: { screen: 'What is on your screen', control: 'Control of your mouse and keyboard' },
  warning:
    'Accept only if you contacted this company yourself. They will see your screen and can control it.',
  warningViewOnly: 'Accept only if you contacted this company yourself. They will see your screen.',
  verificationCode: 'Verification code',
  verificationHint: 'Check that the operator sees the same code.',
  accept: 'Accept',
  decline: 'Decline',
  connected: 'Connected',
  activityHeading: 'The operator is',
  activities: {
    waiting: 'getting ready',
    viewing: 'viewing your screen',
    controlling: 'controlling your computer',
    'reading-system-info': 'reading your system information',
    'transferring-file': 'transferring a file',
    reconnecting: 'Reconnecting…',
    restarting: 'restarting this computer; it reconnects by itself after the restart',
  },
  controlsLabel: 'Sharing',
  pauseSharing: 'Pause screen sharing',
  resumeSharing: 'Resume',
  viewOnly: "Don't allow control (view only)",
  allowControl: 'Allow control',
  pausedNote: 'Screen sharing is paused. The operator cannot see your screen.',
  viewOnlyNote: 'The operator can only view your screen. Control is not allowed.',
  shareClipboard: 'Share the clipboard',
  applicationsHeading: 'Applications to show',
  showWholeScreen: 'Whole screen',
  showChosen: 'Only chosen applications',
  noApplications: 'No applications are open.',
  chosenApplicationsNote:
    'Other windows and the desktop are hidden in grey. The operator can see and use only the chosen applications.',
  clipboardOffNote:
    'The clipboard is not shared. Text you copy is not sent to the operator, and none comes from them.',
  endSession: 'End session',
  endHint: 'You can end the session at any time.',
  endedHeading: 'Session ended',
  endReasons: {
    customer: 'You ended the session. Your screen is no longer shared.',
    operator: 'The operator ended the session. Your screen is no longer shared.',
    'connection-lost': 'The connection was lost. Your screen is no longer shared.',
    error:
      'The session was ended because the secure connection could not be kept. Your screen is no longer shared.',
  },
  declinedHeading: 'You declined the connection',
  declinedBody: 'Nothing was shared.',
  errorHeading: 'Something went wrong',
  canClose: 'You can close this window now.',
  installedFor: 'Installed for remote support by {company}',
  connectionHistory: 'Connection history',
  offline: 'Lost contact with the support program…',
}

export const PAGE_TEXTS: Readonly<Record<Language, PageTexts>> = { ja, en }
