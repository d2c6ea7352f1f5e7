/** The wording of the "このコンピューターについて / About this computer" page. @module */
import type { Language } from '../i18n/messages.js'

export interface DevicePageTexts {
  readonly title: string
  readonly languageLabel: string
  readonly installedFor: (company: string) => string
  readonly companyUnknown: string
  readonly server: string
  readonly deviceName: string
  readonly group: string
  readonly noGroup: string
  readonly policy: string
  readonly policyUnknown: string
  readonly state: string
  readonly online: string
  readonly offline: string
  readonly historyHeading: string
  readonly historyColumns: {
    readonly time: string
    readonly operator: string
    readonly duration: string
    readonly outcome: string
  }
  readonly historyEmpty: string
  readonly historyUnavailable: (reason: string) => string
  readonly removeHeading: string
  readonly removeBody: string
}

export const DEVICE_PAGE_TEXTS: Readonly<Record<Language, DevicePageTexts>> = {
  ja: {
    title: 'このコンピューターについて',
    languageLabel: '表示言語',
    installedFor: (company) =>
      `このコンピューターは ${company} のリモートサポート用にインストールされています`,
    companyUnknown: '（サーバーに接続するまで会社名は分かりません）',
    server: 'サーバー',
    deviceName: 'コンピューター名',
    group: 'グループ',
    noGroup: 'なし',
    policy: '接続方法',
    policyUnknown: '不明（サーバーに接続できません）',
    state: '状態',
    online: 'オンライン',
    offline: 'オフライン',
    historyHeading: '接続履歴',
    historyColumns: { time: '日時', operator: '担当者', duration: '時間', outcome: '結果' },
    historyEmpty: 'まだ接続はありません。',
    historyUnavailable: (reason) => `オフライン: 接続履歴を取得できません（${reason}）`,
    removeHeading: '削除するには',
    removeBody:
      '管理者として「tasuke-agent uninstall」を実行すると、このプログラムと登録が削除され、以後は接続できなくなります。',
  },
  en: {
    title: 'About this computer',
    languageLabel: 'Language',
    installedFor: (company) => `This computer is installed for remote support by ${company}`,
    companyUnknown: '(the company is known once the service has reached the server)',
    server: 'Server',
    deviceName: 'Computer name',
    group: 'Group',
    noGroup: 'none',
    policy: 'How connections start',
    policyUnknown: 'unknown (the server cannot be reached)',
    state: 'State',
    online: 'online',
    offline: 'offline',
    historyHeading: 'Connection history',
    historyColumns: {
      time: 'Date and time',
      operator: 'Operator',
      duration: 'Duration',
      outcome: 'Outcome',
    },
    historyEmpty: 'No connections yet.',
    historyUnavailable: (reason) => `offline: history not available (${reason})`,
    removeHeading: 'How to remove it',
    removeBody:
      'Run "tasuke-agent uninstall" as administrator: the program and its enrolment are removed, and nobody can connect any more.',
  },
}
