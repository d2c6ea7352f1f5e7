/** What the tray icon and its menu say, in Japanese (the seed's 中止) and English. */
import type { Language } from '../i18n/messages.js'

export interface TrayTexts {
  readonly title: string
  /** The disabled first menu line; null: the operator's name is not known yet. */
  readonly connected: (operatorName: string | null) => string
  readonly stop: string
}

export const TRAY_TEXTS: Readonly<Record<Language, TrayTexts>> = {
  ja: {
    title: 'tasuke',
    connected: (name) =>
      name === null ? 'オペレーターが接続しています' : `${name} が接続しています`,
    stop: '中止',
  },
  en: {
    title: 'tasuke',
    connected: (name) => (name === null ? 'An operator is connected' : `${name} is connected`),
    stop: 'Stop',
  },
}
