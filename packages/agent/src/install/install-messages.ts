/**
 * What `install`, `uninstall`, `status` and `service` tell whoever runs them, in Japanese
 * and English.
 * @module
 */
import type { Language } from '../i18n/messages.js'
import {
  durationText,
  localTimeText,
  outcomeText,
  policyText,
  problemText,
} from '../device-page/history-format.js'
import type { DeviceInfo, DeviceInfoProblem } from './device-info.js'
import type { EnrolFailure } from './enrol.js'

export interface InstallMessages {
  readonly usage: string
  readonly needsRoot: (command: string) => string
  readonly unsupported: (platform: string) => string
  readonly alreadyInstalled: (configFile: string) => string
  readonly enrolFailed: (failure: EnrolFailure, serverMessage: string | null) => string
  readonly unreachable: (detail: string) => string
  readonly installed: (name: string, server: string) => string
  readonly launcherNote: (mainScript: string) => string
  readonly started: string
  readonly notStarted: (commands: readonly string[]) => string
  readonly noDisplay: string
  readonly notInstalled: string
  readonly uninstalled: string
  readonly leftServer: (agreed: boolean) => string
  readonly leaveUnreachable: (detail: string) => string
  readonly status: (info: {
    readonly deviceName: string
    readonly server: string
    readonly tenantName: string | null
    readonly online: boolean
    readonly running: boolean
    readonly since: string | null
    readonly problem: string | null
  }) => string
  readonly badConfig: (detail: string) => string
  readonly failed: (detail: string) => string
  /** `status`: the policy and last sessions the server reported (local times). */
  readonly history: (info: DeviceInfo) => string
  /** `status`: the server could not say (the rest of the status is local). */
  readonly historyUnavailable: (problem: DeviceInfoProblem) => string
  /** `status --window`: where the page is, and how it stops. */
  readonly windowOpen: (url: string, opened: boolean) => string
}

/** One history line: local date and time, operator, duration, outcome. */
function historyLine(session: DeviceInfo['sessions'][number], language: 'ja' | 'en'): string {
  return `  ${localTimeText(session.startedAt)}  ${session.operatorName}  ${durationText(session, language)}  ${outcomeText(session.outcome, language)}`
}

const ENROL_EN: Record<EnrolFailure, string> = {
  'unknown-token':
    'This enrolment token does not exist. Check that it was copied whole, or ask the support company for a new one.',
  'expired-token': 'This enrolment token has expired. Ask the support company for a new one.',
  'revoked-token':
    'This enrolment token was revoked by the support company. Ask the support company for a new one.',
  'used-token':
    'This enrolment token has already been used to enrol a computer; each token works once. Ask the support company for a new one.',
  'rate-limited': 'Too many enrolment attempts from your network. Wait a little and try again.',
  'server-error': 'The server could not enrol this computer.',
}

const ENROL_JA: Record<EnrolFailure, string> = {
  'unknown-token':
    'この登録トークンは存在しません。トークン全体をコピーしたか確認するか、サポート会社に新しいトークンを依頼してください。',
  'expired-token':
    'この登録トークンは有効期限が切れています。サポート会社に新しいトークンを依頼してください。',
  'revoked-token':
    'この登録トークンはサポート会社によって無効にされました。サポート会社に新しいトークンを依頼してください。',
  'used-token':
    'この登録トークンは既に別のコンピュータの登録に使われています（1つのトークンは1回だけ使えます）。サポート会社に新しいトークンを依頼してください。',
  'rate-limited':
    'お使いのネットワークからの登録の試行が多すぎます。しばらく待ってからもう一度お試しください。',
  'server-error': 'サーバーがこのコンピュータを登録できませんでした。',
}

const en: InstallMessages = {
  usage: [
    'Usage (as root / administrator):',
    '  tasuke-agent install --server URL --token tse_… [--fingerprint SHA256] [--name NAME]',
    '                       [--policy always-ask|ask-then-connect:SECONDS]',
    '                       [--display :0] [--xauthority FILE] [--lang ja|en]',
    '  tasuke-agent uninstall      remove the service, its files and the enrolment',
    '  tasuke-agent status         installed or not, for which company, online or not',
    '                              and the last connections; --window shows them in the browser',
    '  tasuke-agent service        what the system service runs',
    '',
    '  --policy  this computer’s own access policy; it can only make the company’s stricter',
  ].join('\n'),
  needsRoot: (command) =>
    `tasuke-agent ${command} must run as root (administrator). Run it again with sudo: sudo tasuke-agent ${command} …`,
  unsupported: (platform) =>
    `Installing as a service is not available on this system (${platform}).`,
  alreadyInstalled: (configFile) =>
    `tasuke-agent is already installed (${configFile}). Run "tasuke-agent uninstall" first to enrol this computer again.`,
  enrolFailed: (failure, serverMessage) =>
    `Enrolment refused: ${ENROL_EN[failure]}${failure === 'server-error' && serverMessage !== null ? ` (${serverMessage})` : ''} Nothing was installed.`,
  unreachable: (detail) => `Could not reach the support server (${detail}). Nothing was installed.`,
  installed: (name, server) => `This computer is enrolled as "${name}" with ${server}.`,
  launcherNote: (mainScript) =>
    `Note: this agent runs from its build output under Node.js, so the installed program is a launcher that runs ${mainScript}; keep that folder in place.`,
  started: 'The tasuke-agent service is enabled and running; it starts again after every restart.',
  notStarted: (commands) =>
    [
      'The files are installed, but the service manager is not running here, so the service was not started. Start it with:',
      ...commands.map((command) => `  ${command}`),
    ].join('\n'),
  noDisplay:
    'No graphical display was found (DISPLAY is not set). Pass --display and --xauthority, or reinstall from the logged-in user’s session; until then connections are refused with "no display".',
  notInstalled: 'tasuke-agent is not installed on this computer.',
  uninstalled: 'tasuke-agent is removed from this computer: service, program and settings.',
  leftServer: (agreed) =>
    agreed
      ? 'The support company’s server was told that this computer left.'
      : 'The support company’s server did not confirm that this computer left; an administrator can revoke it in the console.',
  leaveUnreachable: (detail) =>
    `The support server could not be reached (${detail}); an administrator can revoke this computer in the console.`,
  status: (info) =>
    [
      `Installed: yes, as "${info.deviceName}" with ${info.server}`,
      `Company: ${info.tenantName ?? 'not known yet (the service has not connected)'}`,
      `Service: ${info.running ? 'running' : 'not running'}`,
      `Online: ${info.online ? 'yes' : 'no'}${info.since === null ? '' : ` (since ${info.since})`}`,
      ...(info.problem === null ? [] : [`Last problem: ${info.problem}`]),
    ].join('\n'),
  badConfig: (detail) => `The installed configuration cannot be used: ${detail}`,
  failed: (detail) => `Installation failed: ${detail}. Nothing is left installed.`,
  history: (info) =>
    [
      ...(info.group === null ? [] : [`Group: ${info.group}`]),
      `Access: ${policyText(info.policy, 'en')}`,
      info.sessions.length === 0 ? 'Connection history: none yet' : 'Connection history:',
      ...info.sessions.map((session) => historyLine(session, 'en')),
    ].join('\n'),
  historyUnavailable: (problem) => `offline: history not available (${problemText(problem, 'en')})`,
  windowOpen: (url, opened) =>
    `${opened ? 'Opening "About this computer" in the browser' : 'Open "About this computer" in your web browser'}: ${url}\nPress Ctrl+C to close it.`,
}

const ja: InstallMessages = {
  usage: [
    '使い方（root / 管理者として実行）:',
    '  tasuke-agent install --server URL --token tse_… [--fingerprint SHA256] [--name 名前]',
    '                       [--policy always-ask|ask-then-connect:秒数]',
    '                       [--display :0] [--xauthority ファイル] [--lang ja|en]',
    '  tasuke-agent uninstall      サービス・ファイル・登録を削除します',
    '  tasuke-agent status         インストール状況・会社・接続状態を表示します',
    '                              （接続履歴も。--window でブラウザーに表示します）',
    '  tasuke-agent service        システムサービスが実行するコマンドです',
    '',
    '  --policy  このコンピュータ独自のアクセス方法（会社の設定より厳しくすることだけができます）',
  ].join('\n'),
  needsRoot: (command) =>
    `tasuke-agent ${command} は root（管理者）として実行する必要があります。sudo を付けてもう一度実行してください: sudo tasuke-agent ${command} …`,
  unsupported: (platform) =>
    `このシステム（${platform}）ではサービスとしてインストールできません。`,
  alreadyInstalled: (configFile) =>
    `tasuke-agent は既にインストールされています（${configFile}）。登録し直すには先に「tasuke-agent uninstall」を実行してください。`,
  enrolFailed: (failure, serverMessage) =>
    `登録できませんでした: ${ENROL_JA[failure]}${failure === 'server-error' && serverMessage !== null ? `（${serverMessage}）` : ''}何もインストールされていません。`,
  unreachable: (detail) =>
    `サポートサーバーに接続できませんでした（${detail}）。何もインストールされていません。`,
  installed: (name, server) => `このコンピュータを「${name}」として ${server} に登録しました。`,
  launcherNote: (mainScript) =>
    `注意: このエージェントは Node.js 上のビルド出力から実行されているため、インストールされたプログラムは ${mainScript} を実行するランチャーです。このフォルダを移動・削除しないでください。`,
  started: 'tasuke-agent サービスを有効にして起動しました。再起動後も自動で起動します。',
  notStarted: (commands) =>
    [
      'ファイルはインストールしましたが、サービス管理が動作していないためサービスは起動していません。次のコマンドで起動してください:',
      ...commands.map((command) => `  ${command}`),
    ].join('\n'),
  noDisplay:
    'グラフィカルな画面が見つかりません（DISPLAY が未設定）。--display と --xauthority を指定するか、ログイン中のユーザーのセッションからインストールし直してください。それまでは接続は「画面なし」で断られます。',
  notInstalled: 'このコンピュータには tasuke-agent はインストールされていません。',
  uninstalled: 'tasuke-agent をこのコンピュータから削除しました（サービス・プログラム・設定）。',
  leftServer: (agreed) =>
    agreed
      ? 'サポート会社のサーバーに、このコンピュータの登録解除を通知しました。'
      : 'サポート会社のサーバーが登録解除を確認しませんでした。管理者はコンソールでこのコンピュータを無効にできます。',
  leaveUnreachable: (detail) =>
    `サポートサーバーに接続できませんでした（${detail}）。管理者はコンソールでこのコンピュータを無効にできます。`,
  status: (info) =>
    [
      `インストール: 済み（「${info.deviceName}」、${info.server}）`,
      `会社: ${info.tenantName ?? '不明（サービスがまだ接続していません）'}`,
      `サービス: ${info.running ? '実行中' : '停止中'}`,
      `オンライン: ${info.online ? 'はい' : 'いいえ'}${info.since === null ? '' : `（${info.since} から）`}`,
      ...(info.problem === null ? [] : [`最後の問題: ${info.problem}`]),
    ].join('\n'),
  badConfig: (detail) => `インストールされた設定を使えません: ${detail}`,
  failed: (detail) => `インストールに失敗しました: ${detail}。何もインストールされていません。`,
  history: (info) =>
    [
      ...(info.group === null ? [] : [`グループ: ${info.group}`]),
      `接続方法: ${policyText(info.policy, 'ja')}`,
      info.sessions.length === 0 ? '接続履歴: まだありません' : '接続履歴:',
      ...info.sessions.map((session) => historyLine(session, 'ja')),
    ].join('\n'),
  historyUnavailable: (problem) =>
    `オフライン: 接続履歴を取得できません（${problemText(problem, 'ja')}）`,
  windowOpen: (url, opened) =>
    `${opened ? '「このコンピューターについて」をブラウザーで開きます' : 'ブラウザーで「このコンピューターについて」を開いてください'}: ${url}\nCtrl+C で閉じます。`,
}

export const INSTALL_MESSAGES: Readonly<Record<Language, InstallMessages>> = { en, ja }
