/**
 * The entry page's wording in Japanese and English, with the product's words for ja
 * (セッション番号, 接続, 承諾, 接続されました) as the agent's window and the console use them.
 */
import type { SessionCodeProblem } from '@tasuke/protocol'

import type { AgentPlatform } from '../downloads/platforms.js'
import type { PageLanguage } from '../http/public-pages/language.js'
import type { EntryStatus } from './entry.js'

/** What the customer is told when a number is not taken. */
export type EntryProblem =
  | { readonly kind: 'invalid-code'; readonly reason: SessionCodeProblem }
  | { readonly kind: 'unknown-code' | 'expired-code' | 'used-code' }
  | { readonly kind: 'rate-limited'; readonly scope: 'address' | 'number' }

export interface EntryTexts {
  readonly title: (company: string) => string
  readonly heading: string
  readonly formHeading: string
  readonly formHint: string
  readonly codeLabel: string
  readonly connect: string
  readonly problem: (problem: EntryProblem) => string
  readonly howHeading: string
  readonly howSteps: (platform: AgentPlatform | null) => readonly string[]
  readonly programFirstHeading: string
  readonly programFirstHint: string
  readonly download: (platform: string) => string
  readonly sha256: string
  readonly warning: string
  readonly otherLanguage: string
  readonly notFoundHeading: string
  readonly notFound: string
  readonly nextHeading: string
  readonly downloadStarted: string
  readonly downloadAgain: (fileName: string) => string
  readonly chooseProgram: string
  readonly stepRun: (fileName: string) => string
  readonly stepWarning: (platform: AgentPlatform) => string
  readonly stepPublisher: (publisher: string | null) => string
  readonly stepAccept: string
  readonly statusHeading: string
  readonly status: (status: EntryStatus, outcome: string | null) => string
  readonly expiresLine: string
  readonly noScriptStatus: string
  readonly startOver: string
}

/** Every ended outcome the page names (the rest read as "ended"). */
export const ENDED_OUTCOMES = [
  'completed',
  'declined',
  'cancelled',
  'expired',
  'not-connected',
  'failed',
] as const

type EndedOutcome = (typeof ENDED_OUTCOMES)[number]

/** The outcome as the page names it; anything else reads as "completed" (ended). */
function endedOutcome(outcome: string | null): EndedOutcome {
  return ENDED_OUTCOMES.find((known) => known === outcome) ?? 'completed'
}

const INVALID_JA: Readonly<Record<SessionCodeProblem, string>> = {
  empty: 'セッション番号を入力してください。',
  'invalid-characters':
    'セッション番号に使えるのは数字だけです（スペースとハイフンは入れてもかまいません）。入力内容をご確認ください。',
  'wrong-length': 'セッション番号は8桁の数字です。入力内容をご確認ください。',
}

const INVALID_EN: Readonly<Record<SessionCodeProblem, string>> = {
  empty: 'Please type your session number.',
  'invalid-characters':
    'A session number contains only digits (spaces and hyphens are fine). Please check what you typed.',
  'wrong-length': 'A session number has exactly 8 digits. Please check what you typed.',
}

const ENDED_JA: Readonly<Record<EndedOutcome, string>> = {
  completed: 'リモート接続は終了しました。',
  declined: '接続を拒否しました。何も共有されていません。',
  cancelled: '担当者がこのセッションを取り消しました。',
  expired: 'セッション番号の有効期限が切れました。担当者に新しい番号をお尋ねください。',
  'not-connected': 'プログラムが接続しないまま、セッションは終了しました。',
  failed: '接続が切れたため、セッションは終了しました。',
}

const ENDED_EN: Readonly<Record<EndedOutcome, string>> = {
  completed: 'The remote session has ended.',
  declined: 'You declined the connection. Nothing was shared.',
  cancelled: 'Your support contact withdrew this session.',
  expired: 'The session number expired. Please ask your support contact for a new one.',
  'not-connected': 'The session ended before the program connected.',
  failed: 'The session ended because the connection was lost.',
}

const ja: EntryTexts = {
  title: (company) => `${company} リモートサポート`,
  heading: 'リモートサポートへの接続',
  formHeading: 'セッション番号を入力してください',
  formHint:
    '担当者からお伝えした8桁のセッション番号を入力し、「接続」をクリックしてください。スペースやハイフンは入れても入れなくてもかまいません。',
  codeLabel: 'セッション番号',
  connect: '接続',
  problem: (problem) => {
    switch (problem.kind) {
      case 'invalid-code':
        return INVALID_JA[problem.reason]
      case 'unknown-code':
        return 'この番号のセッションは見つかりません。番号をご確認ください。'
      case 'expired-code':
        return 'この番号は有効期限が切れているか、取り消されています。担当者に新しい番号をお尋ねください。'
      case 'used-code':
        return 'この番号はすでに使用されています。担当者に新しい番号をお尋ねください。'
      case 'rate-limited':
        return problem.scope === 'address'
          ? '試行回数が多すぎます。しばらく待ってから、もう一度お試しください。'
          : 'この番号での試行が多すぎます。しばらく待つか、担当者に新しい番号をお尋ねください。'
    }
  },
  howHeading: '接続の流れ',
  howSteps: (platform) => [
    '「接続」をクリックすると、お客さま専用のプログラムのダウンロードが始まります。',
    platform === 'linux-x64'
      ? 'ダウンロードしたファイルに実行の許可を与えて（chmod +x、またはファイルマネージャーの「プログラムとして実行可能」）、実行します。'
      : 'ダウンロードしたファイルを実行します。「Windows によって PC が保護されました」と表示されたら「詳細情報」→「実行」をクリックします。',
    '開いた画面で会社名と担当者を確認し、「承諾」をクリックすると「接続されました」と表示されます。',
  ],
  programFirstHeading: 'プログラムを先にダウンロードする',
  programFirstHint:
    'プログラムを先にダウンロードして実行すると、セッション番号を入力する画面が開きます。担当者から伝えられた番号を入力し、「承諾」をクリックしてください。',
  download: (platform) => `${platform} 用プログラムをダウンロード`,
  sha256: 'SHA-256',
  warning:
    'ご自身でサポート窓口に問い合わせ、担当者から番号を案内された場合にのみ、プログラムを実行してください。',
  otherLanguage: 'English',
  notFoundHeading: 'ページが見つかりません',
  notFound:
    'このアドレスのページはありません。サポート窓口から案内されたアドレスをご確認ください。',
  nextHeading: '次の手順',
  downloadStarted: 'プログラムのダウンロードを開始しました。',
  downloadAgain: (fileName) => `ダウンロードが始まらない場合はこちら（${fileName}）`,
  chooseProgram: 'お使いのシステム用のプログラムを選んでダウンロードしてください。',
  stepRun: (fileName) => `ダウンロードしたファイル（${fileName}）を実行します。`,
  stepWarning: (platform) =>
    platform === 'win-x64'
      ? '「Windows によって PC が保護されました」と表示された場合は、「詳細情報」をクリックしてから「実行」をクリックします。'
      : '実行できない場合は、ファイルに実行の許可を与えます（端末で chmod +x、またはファイルマネージャーのプロパティで「プログラムとして実行可能」）。',
  stepPublisher: (publisher) =>
    publisher === null
      ? 'ファイルの安全性は、下の SHA-256 がこのサーバーの公開する署名付きの値と一致することで確認できます。'
      : `ファイルの安全性は、発行元が「${publisher}」であることでご確認ください。`,
  stepAccept:
    '開いた画面で会社名と担当者を確認し、「承諾」をクリックします。「接続されました」と表示されたら接続完了です。「キャンセル」でいつでも切断できます。',
  statusHeading: '接続の状況',
  status: (status, outcome) => {
    switch (status) {
      case 'waiting-for-program':
        return 'プログラムの実行をお待ちしています。'
      case 'waiting-for-consent':
        return 'プログラムが起動しました。画面で内容を確認し、「承諾」をクリックしてください。'
      case 'connected':
        return '接続されました'
      case 'ended':
        return ENDED_JA[endedOutcome(outcome)]
    }
  },
  expiresLine: 'この番号の有効期限:',
  noScriptStatus: '最新の状況は、このページを再読み込みするとご覧いただけます。',
  startOver: '別の番号を入力する',
}

const en: EntryTexts = {
  title: (company) => `${company} remote support`,
  heading: 'Connect to remote support',
  formHeading: 'Enter your session number',
  formHint:
    'Type the 8-digit session number your support contact gave you, then click Connect. Spaces and hyphens are fine.',
  codeLabel: 'Session number',
  connect: 'Connect',
  problem: (problem) => {
    switch (problem.kind) {
      case 'invalid-code':
        return INVALID_EN[problem.reason]
      case 'unknown-code':
        return 'There is no session with this number. Please check the number.'
      case 'expired-code':
        return 'This session number has expired or was withdrawn. Please ask your support contact for a new one.'
      case 'used-code':
        return 'This session number has already been used. Please ask your support contact for a new one.'
      case 'rate-limited':
        return problem.scope === 'address'
          ? 'Too many attempts. Please wait a little and try again.'
          : 'Too many attempts with this number. Please wait a little, or ask your support contact for a new number.'
    }
  },
  howHeading: 'How it works',
  howSteps: (platform) => [
    'Click Connect: your own copy of the support program starts downloading.',
    platform === 'linux-x64'
      ? 'Make the downloaded file executable (chmod +x, or "Allow executing file as program" in your file manager) and run it.'
      : 'Run the downloaded file. If Windows says "Windows protected your PC", click "More info", then "Run anyway".',
    'Check the company and operator in the window that opens and click Accept (承諾); it then says Connected.',
  ],
  programFirstHeading: 'Download the program first',
  programFirstHint:
    'If you download and run the program first, it opens a window that asks for your session number. Type the number your support contact gave you and click Accept.',
  download: (platform) => `Download for ${platform}`,
  sha256: 'SHA-256',
  warning:
    'Run the program only if you contacted the support desk yourself and its staff gave you a number.',
  otherLanguage: '日本語',
  notFoundHeading: 'Page not found',
  notFound:
    'There is no page at this address. Please check the address your support desk gave you.',
  nextHeading: 'What to do next',
  downloadStarted: 'The support program is downloading.',
  downloadAgain: (fileName) => `If the download did not start, click here (${fileName})`,
  chooseProgram: 'Choose the program for your system and download it.',
  stepRun: (fileName) => `Run the downloaded file (${fileName}).`,
  stepWarning: (platform) =>
    platform === 'win-x64'
      ? 'If Windows says "Windows protected your PC", click "More info", then "Run anyway".'
      : 'If it does not start, make the file executable (chmod +x in a terminal, or "Allow executing file as program" in the file’s properties).',
  stepPublisher: (publisher) =>
    publisher === null
      ? 'To check the file, compare its SHA-256 below with the signed value this server publishes.'
      : `To check the file, make sure its publisher is "${publisher}".`,
  stepAccept:
    'Check the company and operator in the window that opens, then click Accept (承諾). When it says Connected, you are connected; End session disconnects at any time.',
  statusHeading: 'Status',
  status: (status, outcome) => {
    switch (status) {
      case 'waiting-for-program':
        return 'Waiting for you to run the program.'
      case 'waiting-for-consent':
        return 'The program is running. Check its window and click Accept.'
      case 'connected':
        return 'Connected'
      case 'ended':
        return ENDED_EN[endedOutcome(outcome)]
    }
  },
  expiresLine: 'This number is valid until:',
  noScriptStatus: 'Reload this page to see the latest status.',
  startOver: 'Enter another number',
}

export const ENTRY_TEXTS: Readonly<Record<PageLanguage, EntryTexts>> = { ja, en }
