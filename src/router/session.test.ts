import { describe, expect, test } from 'bun:test';
import { sessionIdOf } from './session';

const uuid = '57a121ec-f78c-48c3-a745-e3036a3ecc33';

describe('sessionIdOf', () => {
  test('reads the legacy user_…_account__session_<uuid> form', () => {
    expect(sessionIdOf({ metadata: { user_id: `user_abc123_account__session_${uuid}` } })).toBe(uuid);
  });

  test('reads the JSON form Claude Code sends since v2.1.78', () => {
    const user_id = JSON.stringify({ device_id: 'd1', account_uuid: '', session_id: uuid });
    expect(sessionIdOf({ metadata: { user_id } })).toBe(uuid);
  });

  test('prefers the x-claude-code-session-id header', () => {
    expect(sessionIdOf({ metadata: { user_id: `user_x_account__session_${uuid}` } }, 'from-header')).toBe('from-header');
  });

  test('is undefined without metadata, without a session part, or with broken JSON', () => {
    expect(sessionIdOf({})).toBeUndefined();
    expect(sessionIdOf({ metadata: { user_id: 'user_abc' } })).toBeUndefined();
    expect(sessionIdOf({ metadata: { user_id: 'user_abc_account__session_' } })).toBeUndefined();
    expect(sessionIdOf({ metadata: { user_id: '{"session_id":' } })).toBeUndefined();
    expect(sessionIdOf({ metadata: { user_id: '{"device_id":"d"}' } })).toBeUndefined();
  });
});
