import { expect, test } from 'bun:test';
import { generateId } from './ids';

test('ids look like Anthropic ids and do not repeat', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => generateId('msg')));
  expect(ids.size).toBe(1000);
  for (const id of ids) expect(id).toMatch(/^msg_01[A-Za-z0-9]{22}$/);
  expect(generateId('toolu')).toMatch(/^toolu_01[A-Za-z0-9]{22}$/);
});
