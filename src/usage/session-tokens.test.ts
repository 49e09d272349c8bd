import { expect, test } from 'bun:test';
import { SessionTokens } from './session-tokens';

test('keeps the last count per session and forgets the least recently updated past its capacity', () => {
  const sessions = new SessionTokens(2);
  sessions.set('a', 1);
  sessions.set('b', 2);
  sessions.set('a', 3);
  sessions.set('c', 4);
  expect(sessions.get('a')).toBe(3);
  expect(sessions.get('b')).toBeUndefined();
  expect(sessions.get('c')).toBe(4);
});
