import { describe, expect, test } from 'bun:test';
import { liveApplyProblems, restartNeeded } from './live-apply';
import type { Settings } from './settings';

const started: Settings = {
  host: '0.0.0.0',
  port: 3456,
  apiKey: 'k',
  logLevel: 'info',
  logToFile: false,
  timeoutMs: 600000,
  streamIdleTimeoutMs: 600000,
  retryDeadlineMs: 600000,
  bodyLimitBytes: 1024 * 1024,
  usageRetentionDays: 90,
  configBackups: 20,
  hostForcedLocal: false,
};

describe('restartNeeded', () => {
  test('names HOST, PORT, LOG, LOG_LEVEL and a raised BODY_LIMIT_BYTES; nothing else', () => {
    expect(restartNeeded(started, { ...started, timeoutMs: 1, apiKey: 'other', configBackups: 3, bodyLimitBytes: 1024 })).toEqual([]);
    expect(restartNeeded(started, { ...started, host: '127.0.0.1', port: 4000, logToFile: true, logLevel: 'debug', bodyLimitBytes: 2 * 1024 * 1024 })).toEqual([
      'HOST',
      'PORT',
      'LOG',
      'LOG_LEVEL',
      'BODY_LIMIT_BYTES',
    ]);
  });
});

describe('liveApplyProblems', () => {
  test('APIKEY cannot be removed while ccr listens beyond this machine', () => {
    const { apiKey: _removed, ...withoutKey } = started;
    expect(liveApplyProblems(started, { ...withoutKey, host: '127.0.0.1', hostForcedLocal: true })).toHaveLength(1);
    expect(liveApplyProblems({ ...started, host: '127.0.0.1' }, { ...withoutKey, host: '127.0.0.1', hostForcedLocal: true })).toEqual([]);
    expect(liveApplyProblems(started, { ...started, apiKey: 'new' })).toEqual([]);
  });

  test('with ALLOW_NO_APIKEY the key may go: the listener stays where it is by choice', () => {
    const { apiKey: _removed, ...withoutKey } = started;
    const allowed = { ...started, apiKey: undefined, hostForcedLocal: false };
    expect(liveApplyProblems(allowed, { ...withoutKey, hostForcedLocal: false, configBackups: 5 })).toEqual([]);
  });
});
