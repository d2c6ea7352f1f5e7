import { describe, expect, it } from 'vitest'

import { installPaths } from './install-paths.js'
import { launchdPlist, launchdStartCommands, launchdStopCommands } from './launchd-plist.js'
import { systemdUnit, unitEnvironment, unitExecStart } from './systemd-unit.js'
import { commandLine, windowsInstallCommands, windowsUninstallCommands } from './windows-service.js'

describe('systemd unit', () => {
  const unit = systemdUnit({
    executable: '/opt/tasuke-agent/tasuke-agent',
    display: ':0',
    xauthority: '/run/user/1000/gdm/Xauthority',
  })

  it('restarts always, after the network is up, and starts at boot', () => {
    const lines = unit.split('\n')
    expect(lines).toContain('Restart=always')
    expect(lines).toContain('RestartSec=5')
    expect(lines).toContain('After=network-online.target')
    expect(lines).toContain('Wants=network-online.target')
    expect(lines).toContain('WantedBy=multi-user.target')
    expect(lines).toContain('StartLimitIntervalSec=0')
    expect(lines).toContain('RestartPreventExitStatus=78')
  })

  it('runs the installed executable with the service subcommand and the display', () => {
    expect(unitExecStart(unit)).toEqual(['/opt/tasuke-agent/tasuke-agent', 'service'])
    expect(unitEnvironment(unit)).toEqual({
      DISPLAY: ':0',
      XAUTHORITY: '/run/user/1000/gdm/Xauthority',
    })
  })

  it('names a test install root so the service finds its files, and never the real root', () => {
    const options = {
      executable: '/r/opt/tasuke-agent/tasuke-agent',
      display: null,
      xauthority: null,
    }
    expect(unitEnvironment(systemdUnit({ ...options, installRoot: '/tmp/r' }))).toEqual({
      TASUKE_INSTALL_ROOT: '/tmp/r',
    })
    expect(unitEnvironment(systemdUnit({ ...options, installRoot: '/' }))).toEqual({})
  })

  it('quotes paths with spaces and leaves out an unknown display', () => {
    const spaced = systemdUnit({ executable: '/tmp/a b/agent', display: null, xauthority: null })
    expect(spaced).toContain('ExecStart="/tmp/a b/agent" service')
    expect(unitExecStart(spaced)).toEqual(['/tmp/a b/agent', 'service'])
    expect(unitEnvironment(spaced)).toEqual({})
  })
})

describe('launchd plist', () => {
  const paths = installPaths('darwin', '/')

  it('is a kept-alive LaunchDaemon in /Library/LaunchDaemons running the service', () => {
    expect(paths.serviceFile).toBe('/Library/LaunchDaemons/jp.tasuke.agent.plist')
    const plist = launchdPlist(paths.executable, '/Library/Logs/tasuke-agent.log')
    expect(plist).toContain('<key>Label</key>\n  <string>jp.tasuke.agent</string>')
    expect(plist).toContain(
      '<string>/Library/Application Support/tasuke/tasuke-agent</string>\n    <string>service</string>',
    )
    expect(plist).toContain('<key>KeepAlive</key>\n  <true/>')
    expect(plist).toContain('<key>RunAtLoad</key>\n  <true/>')
  })

  it('escapes XML in paths', () => {
    expect(launchdPlist('/Apps/a&b<c>', '/log')).toContain(
      '<string>/Apps/a&amp;b&lt;c&gt;</string>',
    )
  })

  it('is loaded with launchctl bootstrap system and removed with bootout', () => {
    expect(launchdStartCommands('/Library/LaunchDaemons/jp.tasuke.agent.plist')).toEqual([
      ['launchctl', 'bootstrap', 'system', '/Library/LaunchDaemons/jp.tasuke.agent.plist'],
      ['launchctl', 'enable', 'system/jp.tasuke.agent'],
    ])
    expect(launchdStopCommands()).toEqual([['launchctl', 'bootout', 'system/jp.tasuke.agent']])
  })
})

describe('Windows service', () => {
  const paths = installPaths('win32', '/', {
    ProgramFiles: 'C:\\Program Files',
    ProgramData: 'C:\\ProgramData',
  })

  it('lives under Program Files, its configuration under ProgramData', () => {
    expect(paths.executable).toBe('C:\\Program Files\\tasuke\\tasuke-agent.exe')
    expect(paths.configFile).toBe('C:\\ProgramData\\tasuke\\device.json')
  })

  it('compiles its service host, is created with sc.exe start= auto, restarts on failure, config kept to SYSTEM and Administrators', () => {
    const commands = windowsInstallCommands(paths.programDir, paths.configFile).map(commandLine)
    expect(commands).toEqual([
      'icacls C:\\ProgramData\\tasuke\\device.json /inheritance:r /grant:r SYSTEM:F /grant:r Administrators:F',
      "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command \"Add-Type -Path 'C:\\Program Files\\tasuke\\tasuke-service-host.cs' -OutputAssembly 'C:\\Program Files\\tasuke\\tasuke-service-host.exe' -OutputType ConsoleApplication -ReferencedAssemblies System.ServiceProcess\"",
      'sc.exe create tasuke-agent binPath= "\\"C:\\Program Files\\tasuke\\tasuke-service-host.exe\\"" start= auto DisplayName= "tasuke remote support agent"',
      'sc.exe failure tasuke-agent reset= 0 actions= restart/5000/restart/5000/restart/5000',
      'sc.exe start tasuke-agent',
    ])
    expect(windowsUninstallCommands().map(commandLine)).toEqual([
      'sc.exe stop tasuke-agent',
      'sc.exe delete tasuke-agent',
    ])
  })
})
