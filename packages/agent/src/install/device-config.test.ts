import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  ConfigError,
  type DeviceConfig,
  parseDeviceConfig,
  readDeviceConfig,
  writeDeviceConfig,
} from './device-config.js'

const CONFIG: DeviceConfig = {
  version: 1,
  serverUrl: 'https://support.example.com/',
  fingerprint: 'ab'.repeat(32),
  deviceId: 'dev_0123456789',
  deviceSecret: 'tsd_abcdefghijklmnop',
  deviceName: 'front-desk',
  localPolicy: { mode: 'ask-then-connect', askSeconds: 30 },
  display: ':0',
  xauthority: '/home/user/.Xauthority',
  language: 'ja',
}

describe('device.json', () => {
  let dir = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tasuke-config-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('round-trips what install writes, with mode 600', async () => {
    const path = join(dir, 'device.json')
    await writeDeviceConfig(path, CONFIG)
    await expect(readDeviceConfig(path)).resolves.toEqual(CONFIG)
  })

  it('refuses a file other users may read', async () => {
    const path = join(dir, 'device.json')
    await writeDeviceConfig(path, CONFIG)
    await chmod(path, 0o644)
    await expect(readDeviceConfig(path)).rejects.toThrow(/mode 644\); it must be 600/)
  })

  it('refuses a file other users may write', async () => {
    const path = join(dir, 'device.json')
    await writeDeviceConfig(path, CONFIG)
    await chmod(path, 0o620)
    await expect(readDeviceConfig(path)).rejects.toThrow(ConfigError)
  })

  it('refuses bad JSON, naming the file', async () => {
    const path = join(dir, 'device.json')
    await writeFile(path, '{"version": 1,', { mode: 0o600 })
    await expect(readDeviceConfig(path)).rejects.toThrow(`${path} is not valid JSON`)
  })

  it('refuses a symbolic link and a missing file', async () => {
    const path = join(dir, 'device.json')
    await writeDeviceConfig(path, CONFIG)
    await symlink(path, join(dir, 'link.json'))
    await expect(readDeviceConfig(join(dir, 'link.json'))).rejects.toThrow(/cannot open/)
    await expect(readDeviceConfig(join(dir, 'none.json'))).rejects.toThrow(/ENOENT/)
  })

  it('refuses a well-formed file with a bad field', async () => {
    const path = join(dir, 'device.json')
    await writeFile(path, JSON.stringify({ ...CONFIG, serverUrl: 'http://x.example' }), {
      mode: 0o600,
    })
    await expect(readDeviceConfig(path)).rejects.toThrow(/serverUrl must be an https/)
  })
})

describe('parseDeviceConfig', () => {
  const bad: [string, unknown, RegExp][] = [
    ['not an object', [1], /not a JSON object/],
    ['a wrong version', { ...CONFIG, version: 2 }, /version must be 1/],
    ['an unknown field', { ...CONFIG, extra: true }, /unknown field "extra"/],
    ['a malformed pin', { ...CONFIG, fingerprint: 'AB:CD' }, /fingerprint/],
    ['a missing secret', { ...CONFIG, deviceSecret: undefined }, /deviceSecret/],
    ['a secret with spaces', { ...CONFIG, deviceSecret: 'tsd_ abc def' }, /deviceSecret/],
    ['a control character', { ...CONFIG, deviceName: 'a\nb' }, /control characters/],
    [
      'a short ask',
      { ...CONFIG, localPolicy: { mode: 'ask-then-connect', askSeconds: 1 } },
      /askSeconds/,
    ],
    ['an unknown mode', { ...CONFIG, localPolicy: { mode: 'sometimes' } }, /mode must be/],
    ['a bad display', { ...CONFIG, display: 'screen one' }, /display/],
    ['a relative xauthority', { ...CONFIG, xauthority: '.Xauthority' }, /absolute/],
    ['a bad language', { ...CONFIG, language: 'fr' }, /language/],
  ]
  it.each(bad)('refuses %s', (_name, value, message) => {
    expect(() => parseDeviceConfig(value)).toThrow(message)
  })

  it('accepts nulls for the optional fields', () => {
    const minimal = {
      ...CONFIG,
      fingerprint: null,
      localPolicy: null,
      display: null,
      xauthority: null,
      language: null,
    }
    expect(parseDeviceConfig(minimal)).toEqual(minimal)
  })
})
