/**
 * The file-transfer part of the consent page in Japanese and English (SPEC.md T-rules): the
 * transfers with their progress, the question about browsing (許可する / 拒否) and the files
 * the customer offers. Plain strings only: they are sent to the page as JSON.
 * @module
 */
import type { FileProblem } from '@tasuke/protocol'

/** The page's languages (as in page-texts.ts). */
type Language = 'ja' | 'en'

export interface FilesTexts {
  readonly heading: string
  readonly toCustomer: string
  readonly fromCustomer: string
  readonly cancel: string
  readonly states: Readonly<
    Record<'running' | 'waiting' | 'completed' | 'failed' | 'cancelled', string>
  >
  /** Why a transfer failed, shown under it. */
  readonly problems: Readonly<Record<FileProblem, string>>
  /** `{speed}` per second; `{left}` time left. */
  readonly perSecond: string
  readonly secondsLeft: string
  readonly minutesLeft: string
  readonly askBrowse: string
  readonly allow: string
  readonly refuse: string
  readonly browseSwitch: string
  readonly offersHeading: string
  readonly noOffers: string
  readonly removeOffer: string
  readonly offerFile: string
  readonly pickerHeading: string
  readonly up: string
  readonly close: string
  readonly offerThis: string
  readonly emptyFolder: string
  readonly truncated: string
  readonly cannotOpen: string
}

const ja: FilesTexts = {
  heading: 'ファイル転送',
  toCustomer: 'オペレーターから受信',
  fromCustomer: 'オペレーターへ送信',
  cancel: '中止',
  states: {
    running: '転送中',
    waiting: '再接続を待っています',
    completed: '完了',
    failed: '失敗しました',
    cancelled: '中止しました',
  },
  problems: {
    'bad-name': 'この名前のファイルは受け取れません。',
    'not-found': 'ファイルが見つかりません。移動または削除された可能性があります。',
    'not-allowed': 'ファイルの閲覧を許可していません。',
    'wrong-kind': '通常のファイルではありません。',
    'too-large': 'ファイルが大きすぎます。',
    'no-space': 'ディスクの空き容量が足りません。',
    'io-error': 'ファイルを読み書きできませんでした（アクセス権を確認してください）。',
    'hash-mismatch': '届いた内容が元のファイルと一致しないため、破棄しました。',
    'protocol-error': '通信に問題がありました。',
    busy: '同時に転送できる数を超えています。',
  },
  perSecond: '{speed}/秒',
  secondsLeft: '残り約{n}秒',
  minutesLeft: '残り約{n}分',
  askBrowse:
    'オペレーターが、あなたのコンピューターのファイルとフォルダーの一覧を見ることを求めています。許可すると、オペレーターはフォルダーを開いてファイルを受け取れます。',
  allow: '許可する',
  refuse: '拒否',
  browseSwitch: 'オペレーターによるファイルの閲覧を許可する',
  offersHeading: 'オペレーターに渡すファイル',
  noOffers: 'まだ選んでいません。',
  removeOffer: '取り消す',
  offerFile: 'ファイルを選んで渡す…',
  pickerHeading: '渡すファイルを選んでください',
  up: '上のフォルダーへ',
  close: '閉じる',
  offerThis: '渡す',
  emptyFolder: 'このフォルダーは空です。',
  truncated: '項目が多すぎるため、一部だけを表示しています。',
  cannotOpen: 'このフォルダーは開けません。',
}

const en: FilesTexts = {
  heading: 'File transfer',
  toCustomer: 'From the operator',
  fromCustomer: 'To the operator',
  cancel: 'Stop',
  states: {
    running: 'Transferring',
    waiting: 'Waiting for the connection',
    completed: 'Done',
    failed: 'Failed',
    cancelled: 'Stopped',
  },
  problems: {
    'bad-name': 'A file with this name cannot be received.',
    'not-found': 'The file was not found. It may have been moved or deleted.',
    'not-allowed': 'You have not allowed browsing your files.',
    'wrong-kind': 'This is not a regular file.',
    'too-large': 'The file is too large.',
    'no-space': 'There is not enough free disk space.',
    'io-error': 'The file could not be read or written (check its permissions).',
    'hash-mismatch': 'What arrived differs from the original file, so it was discarded.',
    'protocol-error': 'Something went wrong in the connection.',
    busy: 'Too many transfers at once.',
  },
  perSecond: '{speed}/s',
  secondsLeft: 'about {n} s left',
  minutesLeft: 'about {n} min left',
  askBrowse:
    'The operator asks to see the list of files and folders on your computer. If you allow it, the operator can open folders and receive files from them.',
  allow: 'Allow',
  refuse: 'Refuse',
  browseSwitch: 'Allow the operator to browse my files',
  offersHeading: 'Files for the operator',
  noOffers: 'None chosen yet.',
  removeOffer: 'Remove',
  offerFile: 'Choose a file to give…',
  pickerHeading: 'Choose a file to give to the operator',
  up: 'Up one folder',
  close: 'Close',
  offerThis: 'Give',
  emptyFolder: 'This folder is empty.',
  truncated: 'There are too many items; only some are shown.',
  cannotOpen: 'This folder cannot be opened.',
}

export const FILES_TEXTS: Readonly<Record<Language, FilesTexts>> = { ja, en }
