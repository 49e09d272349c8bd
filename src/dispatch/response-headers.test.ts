import { expect, test } from 'bun:test';
import { responseHeadersByRoute } from './response-headers';

test('one Headers object per route value, carrying the base headers and the route', () => {
  const headersFor = responseHeadersByRoute({ 'content-type': 'application/json' });
  const first = headersFor('default; mock,fast');
  expect(headersFor('default; mock,fast')).toBe(first);
  expect([...first]).toEqual([
    ['content-type', 'application/json'],
    ['x-ccr-route', 'default; mock,fast'],
  ]);
  expect(headersFor('think; mock,slow').get('x-ccr-route')).toBe('think; mock,slow');
});

test('a response that changes its headers leaves the shared object alone', () => {
  const headersFor = responseHeadersByRoute({ 'content-type': 'application/json' });
  const response = new Response('{}', { headers: headersFor('default; mock,fast') });
  response.headers.set('x-ccr-route', 'changed');
  expect(headersFor('default; mock,fast').get('x-ccr-route')).toBe('default; mock,fast');
});

test('routes naming endless models do not grow the cache without bound', () => {
  const headersFor = responseHeadersByRoute({});
  const first = headersFor('explicit; mock,model-0');
  for (let i = 1; i <= 256; i++) headersFor(`explicit; mock,model-${i}`);
  // The 257th value started the cache over, so the first one is built anew.
  expect(headersFor('explicit; mock,model-0')).not.toBe(first);
  expect(headersFor('explicit; mock,model-0').get('x-ccr-route')).toBe('explicit; mock,model-0');
});
