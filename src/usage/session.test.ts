import { expect, test } from 'bun:test';
import { usageSessionOf } from './session';

const headers = (record: Record<string, string>) => new Headers(record);
const metadata = (sessionId: string) => ({ metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: sessionId }) } });

test('x-session-id, then x-claude-code-session-id, then metadata.user_id, then default', () => {
  expect(usageSessionOf(headers({ 'x-session-id': 'own', 'x-claude-code-session-id': 'cc' }), metadata('meta'))).toBe('own');
  expect(usageSessionOf(headers({ 'x-claude-code-session-id': 'cc' }), metadata('meta'))).toBe('cc');
  expect(usageSessionOf(headers({}), metadata('meta'))).toBe('meta');
  expect(usageSessionOf(headers({}), { metadata: { user_id: 'user_abc_account_123_session_legacy-id' } })).toBe('legacy-id');
  expect(usageSessionOf(headers({}), {})).toBe('default');
});

test('blank headers are skipped; a body that could not be read still has the headers', () => {
  expect(usageSessionOf(headers({ 'x-session-id': '  ', 'x-claude-code-session-id': 'cc' }), {})).toBe('cc');
  expect(usageSessionOf(headers({ 'x-claude-code-session-id': ' cc ' }), undefined)).toBe('cc');
  expect(usageSessionOf(headers({}), undefined)).toBe('default');
});

test('a very long id is cut', () => {
  expect(usageSessionOf(headers({ 'x-session-id': 'x'.repeat(1000) }), {}).length).toBe(200);
});
