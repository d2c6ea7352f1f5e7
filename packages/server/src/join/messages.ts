/**
 * The join page's wording in Japanese and English, with the product's words for ja
 * (セッション番号, 接続, 承諾) as the console and the agent's consent window use them.
 */
import type { SessionCodeProblem } from '@tasuke/protocol'

import type { AgentPlatform } from '../downloads/platforms.js'
import type { PageLanguage } from '../http/public-pages/language.js'
import type { UnsupportedSystem } from './user-agent.js'

export interface JoinTexts {
  readonly title: string
  readonly heading: string
  readonly codeLabel: string
  readonly download: (platform: string) => string
  readonly fileLine: (fileName: string, size: string) => string
  readonly sha256: string
  readonly stepsHeading: string
  readonly stepDownload: string
  /** For the program the page offers first; null when it offers none first. */
  readonly stepRun: (file: { platform: AgentPlatform; fileName: string } | null) => string
  readonly stepAccept: string
  readonly otherHeading: string
  readonly allHeading: string
  readonly unsupported: (system: string) => string
  readonly unknownSystem: string
  readonly missingBuild: (platform: string) => string
  readonly warning: string
  readonly formHeading: string
  readonly formHint: string
  readonly connect: string
  readonly codeProblem: (reason: SessionCodeProblem) => string
  readonly unavailableHeading: string
  readonly unavailable: string
  readonly rateLimitedHeading: string
  readonly rateLimited: string
  readonly otherLanguage: string
}

export const PLATFORM_NAMES: Readonly<Record<AgentPlatform, string>> = {
  'win-x64': 'Windows',
  'linux-x64': 'Linux (x86_64)',
}

export const SYSTEM_NAMES: Readonly<Record<UnsupportedSystem, string>> = {
  macos: 'macOS',
  ios: 'iPhone / iPad',
  android: 'Android',
  chromeos: 'ChromeOS',
  'linux-other': 'Linux (ARM, 32-bit)',
}

const ja: JoinTexts = {
  title: 'リモートサポートへの接続',
  heading: 'リモートサポートへの接続',
  codeLabel: 'セッション番号',
  download: (platform) => `${platform} 用プログラムをダウンロード`,
  fileLine: (fileName, size) => `${fileName}（${size}）`,
  sha256: 'SHA-256',
  stepsHeading: '接続の手順',
  stepDownload: '「ダウンロード」ボタンでプログラムをダウンロードします。',
  stepRun: (file) =>
    file === null
      ? 'ダウンロードしたファイルを開いて実行します。'
      : file.platform === 'win-x64'
        ? `ダウンロードしたファイル（${file.fileName}）を開いて実行します。`
        : `ダウンロードしたファイル（${file.fileName}）に実行の許可を与えて実行します（例: chmod +x ${file.fileName} && ./${file.fileName}）。`,
  stepAccept: '表示された画面で内容を確認し、「承諾」をクリックします。',
  otherHeading: 'ほかのシステム用のプログラム',
  allHeading: 'プログラムの一覧',
  unsupported: (system) =>
    `お使いのシステム（${system}）には、まだ対応していません。Windows または Linux のコンピューターでこのページを開いてください。`,
  unknownSystem:
    'お使いのシステムを判別できませんでした。下の一覧からお使いのシステム用のプログラムを選んでください。',
  missingBuild: (platform) =>
    `${platform} 用のプログラムは、このサーバーではまだ用意されていません。サポート担当者にお知らせください。`,
  warning:
    'ご自身でサポート窓口に問い合わせ、担当者からこの番号を案内された場合にのみ、プログラムを実行してください。',
  formHeading: 'セッション番号を入力してください',
  formHint: 'サポート担当者からお伝えした8桁の番号を入力し、「接続」をクリックしてください。',
  connect: '接続',
  codeProblem: (reason) => {
    switch (reason) {
      case 'empty':
        return 'セッション番号を入力してください。'
      case 'invalid-characters':
        return 'この番号は有効なセッション番号ではありません。セッション番号は数字のみです。入力内容をご確認ください。'
      case 'wrong-length':
        return 'この番号は有効なセッション番号ではありません。セッション番号は8桁の数字です。'
    }
  },
  unavailableHeading: 'プログラムを用意できません',
  unavailable:
    '現在、サポート用プログラムをご用意できません。しばらくしてからもう一度お試しいただくか、サポート担当者にお知らせください。',
  rateLimitedHeading: 'しばらくお待ちください',
  rateLimited: 'アクセスが多すぎます。しばらく待ってから、もう一度お試しください。',
  otherLanguage: 'English',
}

const en: JoinTexts = {
  title: 'Connect to remote support',
  heading: 'Connect to remote support',
  codeLabel: 'Session number',
  download: (platform) => `Download for ${platform}`,
  fileLine: (fileName, size) => `${fileName} (${size})`,
  sha256: 'SHA-256',
  stepsHeading: 'How to connect',
  stepDownload: 'Download the program with the button.',
  stepRun: (file) =>
    file === null
      ? 'Open the downloaded file to run it.'
      : file.platform === 'win-x64'
        ? `Open the downloaded file (${file.fileName}) to run it.`
        : `Make the downloaded file (${file.fileName}) executable and run it (for example: chmod +x ${file.fileName} && ./${file.fileName}).`,
  stepAccept: 'Check what the window that opens says, then click Accept (承諾).',
  otherHeading: 'For other systems',
  allHeading: 'Available programs',
  unsupported: (system) =>
    `Your system (${system}) is not supported yet. Please open this page on a Windows or Linux computer.`,
  unknownSystem: 'We could not tell which system you use. Choose the program for it below.',
  missingBuild: (platform) =>
    `This server does not offer the program for ${platform} yet. Please tell your support contact.`,
  warning:
    'Run the program only if you contacted the support desk yourself and its staff gave you this number.',
  formHeading: 'Enter your session number',
  formHint: 'Type the 8-digit number your support contact gave you, then click Connect.',
  connect: 'Connect',
  codeProblem: (reason) => {
    switch (reason) {
      case 'empty':
        return 'Please type your session number.'
      case 'invalid-characters':
        return 'This is not a valid session number: it contains only digits. Please check what you typed.'
      case 'wrong-length':
        return 'This is not a valid session number: it has exactly 8 digits.'
    }
  },
  unavailableHeading: 'The program is not available',
  unavailable:
    'The support program is not available right now. Please try again in a little while, or tell your support contact.',
  rateLimitedHeading: 'Please wait a moment',
  rateLimited: 'Too many requests from your network. Please wait a little and try again.',
  otherLanguage: '日本語',
}

export const JOIN_TEXTS: Readonly<Record<PageLanguage, JoinTexts>> = { ja, en }
