/**
 * The macOS LaunchDaemon of the installed agent: run at boot, kept alive, and the commands
 * that load and unload it. Generated here; it has not run on a Mac in this project's tests.
 * @module
 */
import { LAUNCHD_LABEL } from './install-paths.js'

export function launchdPlist(executable: string, logFile: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    `    <string>${escapeXml(executable)}</string>`,
    '    <string>service</string>',
    '  </array>',
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>KeepAlive</key>',
    '  <true/>',
    '  <key>ThrottleInterval</key>',
    '  <integer>5</integer>',
    '  <key>StandardErrorPath</key>',
    `  <string>${escapeXml(logFile)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n')
}

/** Loads and starts the daemon (as root). */
export function launchdStartCommands(plistPath: string): readonly (readonly string[])[] {
  return [
    ['launchctl', 'bootstrap', 'system', plistPath],
    ['launchctl', 'enable', `system/${LAUNCHD_LABEL}`],
  ]
}

/** Stops and unloads it (as root). */
export function launchdStopCommands(): readonly (readonly string[])[] {
  return [['launchctl', 'bootout', `system/${LAUNCHD_LABEL}`]]
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}
