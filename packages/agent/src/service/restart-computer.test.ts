import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { restartCommand, restartComputer } from './restart-computer.js'

describe('restartCommand', () => {
  it('[D5] is the system’s reboot command on each platform', () => {
    expect(restartCommand('linux', {})).toEqual(['systemctl', 'reboot'])
    expect(restartCommand('darwin', {})).toEqual(['/sbin/shutdown', '-r', 'now'])
    expect(restartCommand('win32', {})[0]).toBe('shutdown.exe')
    expect(restartCommand('win32', {})).toContain('/r')
  })

  it('runs the administrator’s command instead when TASUKE_RESTART_COMMAND names one', () => {
    expect(restartCommand('linux', { TASUKE_RESTART_COMMAND: 'echo hi' })).toEqual([
      '/bin/sh',
      '-c',
      'echo hi',
    ])
    expect(restartCommand('linux', { TASUKE_RESTART_COMMAND: '  ' })).toEqual([
      'systemctl',
      'reboot',
    ])
  })
})

describe('restartComputer', () => {
  it('runs the command, and rejects with its error output when it fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tasuke-restart-'))
    try {
      const marker = join(dir, 'restarted')
      await restartComputer(['/bin/sh', '-c', `echo yes > '${marker}'`])
      expect(await readFile(marker, 'utf8')).toBe('yes\n')
      await expect(
        restartComputer(['/bin/sh', '-c', 'echo "not allowed" >&2; exit 3']),
      ).rejects.toThrow(/failed: not allowed/)
      await expect(restartComputer(['/nonexistent/reboot'])).rejects.toThrow(/failed/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
