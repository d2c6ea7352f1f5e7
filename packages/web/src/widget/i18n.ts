/** The widget's words, in Japanese or English by navigator.language (the seed's wording). */
export const WIDGET_TEXT = {
  ja: {
    open: 'チャットで相談する',
    title: 'チャットサポート',
    close: '閉じる',
    nameLabel: 'お名前（任意）',
    start: 'チャットを開始',
    placeholder: 'メッセージを入力…',
    send: '送信',
    waiting: 'オペレータにおつなぎしています。少々お待ちください。',
    taken: (name: string) => `${name} が対応します。`,
    closed: 'チャットは終了しました。',
    typing: 'オペレータが入力中…',
    delivered: '送信済み',
    read: '既読',
    reconnecting: '接続が途切れました。再接続しています…',
    requestTitle: 'リモート接続のリクエスト',
    requestText:
      'オペレータがあなたのパソコンの画面を見て操作することを求めています。許可すると接続用のプログラムがダウンロードされます。プログラムの画面でもう一度「承諾」を押すまで、何も共有されません。',
    allow: '許可する',
    decline: '拒否',
    allowed: 'ダウンロードしたプログラムを実行し、「承諾」をクリックしてください。',
    declined: 'リモート接続を拒否しました。',
    failed: 'チャットを開始できませんでした。しばらくしてからもう一度お試しください。',
    operator: 'オペレータ',
    you: 'あなた',
  },
  en: {
    open: 'Chat with us',
    title: 'Chat support',
    close: 'Close',
    nameLabel: 'Your name (optional)',
    start: 'Start chat',
    placeholder: 'Type a message…',
    send: 'Send',
    waiting: 'Connecting you to an operator. Please wait a moment.',
    taken: (name: string) => `${name} is helping you.`,
    closed: 'This chat has ended.',
    typing: 'The operator is typing…',
    delivered: 'Delivered',
    read: 'Read',
    reconnecting: 'Connection lost. Reconnecting…',
    requestTitle: 'Remote control request',
    requestText:
      'The operator asks to see and control your computer. Allow downloads the connection program. Nothing is shared until you also click Accept in that program.',
    allow: 'Allow',
    decline: 'Decline',
    allowed: 'Run the downloaded program and click Accept in its window.',
    declined: 'You declined remote control.',
    failed: 'The chat could not start. Please try again later.',
    operator: 'Operator',
    you: 'You',
  },
} as const

export type WidgetText = (typeof WIDGET_TEXT)['ja'] | (typeof WIDGET_TEXT)['en']

export function pickText(language: string | undefined): WidgetText {
  return language?.toLowerCase().startsWith('ja') === true ? WIDGET_TEXT.ja : WIDGET_TEXT.en
}
