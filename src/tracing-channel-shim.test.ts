import { expect, test } from 'bun:test';
import { tracingChannel } from 'node:diagnostics_channel';
import pino from 'pino';
import './tracing-channel-shim';

test('a tracing channel says whether anything listens, as on Node', () => {
  const channel = tracingChannel('ccr:test-shim');
  expect(channel.hasSubscribers).toBe(false);
  const handlers = { end: () => {} };
  channel.subscribe(handlers);
  expect(channel.hasSubscribers).toBe(true);
  channel.unsubscribe(handlers);
  expect(channel.hasSubscribers).toBe(false);
});

test("pino's line tracing still reaches a subscriber", () => {
  const channel = tracingChannel('pino_asJson');
  const traced: unknown[] = [];
  const handlers = { end: (context: unknown) => traced.push(context) };
  channel.subscribe(handlers);
  try {
    pino({ base: undefined }, { write: () => {} }).info('traced');
  } finally {
    channel.unsubscribe(handlers);
  }
  expect(traced).toHaveLength(1);
});
