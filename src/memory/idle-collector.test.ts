import { describe, expect, test } from 'bun:test';
import { createIdleCollector } from './idle-collector';

function setup() {
  const state = { pending: 0, served: 0, collections: 0 };
  const collector = createIdleCollector({ pending: () => state.pending, served: () => state.served, collect: () => state.collections++ });
  return { state, collector };
}

describe('createIdleCollector', () => {
  test('collects once, one quiet tick after a burst ends', () => {
    const { state, collector } = setup();
    state.served = 250;
    expect(collector.tick()).toBe(false); // requests came during this interval
    expect(collector.tick()).toBe(true);
    expect(collector.tick()).toBe(false); // nothing new since
    expect(state.collections).toBe(1);
  });

  test('never collects while requests are in flight or still arriving', () => {
    const { state, collector } = setup();
    state.served = 1;
    state.pending = 1; // a long stream
    collector.tick();
    expect(collector.tick()).toBe(false);
    expect(collector.tick()).toBe(false);
    state.served = 2;
    state.pending = 0;
    expect(collector.tick()).toBe(false);
    expect(collector.tick()).toBe(true);
    expect(state.collections).toBe(1);
  });

  test('a server that served nothing is never collected', () => {
    const { state, collector } = setup();
    for (let i = 0; i < 5; i++) expect(collector.tick()).toBe(false);
    expect(state.collections).toBe(0);
  });
});
