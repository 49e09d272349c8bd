import { describe, expect, test } from 'bun:test';
import { SessionPins } from './session-pins';

describe('SessionPins', () => {
  test('a pin is kept, and forgotten once the session is idle longer than a prompt cache lives', () => {
    let now = 0;
    const pins = new SessionPins(() => now, 10, 1_000);
    pins.set('s1', { provider: 'p', model: 'm', keyId: 'k' });
    now = 1_000;
    expect(pins.get('s1')).toEqual({ provider: 'p', model: 'm', keyId: 'k' });
    pins.set('s1', { provider: 'p', model: 'm', keyId: 'k' });
    now = 2_001;
    expect(pins.get('s1')).toBeUndefined();
  });

  test('a session in use keeps its pin past the idle time counted from when it was set, and stays among the recent', () => {
    let now = 0;
    const pins = new SessionPins(() => now, 2, 1_000);
    pins.set('busy', { provider: 'p', model: 'm', keyId: 'k' });
    pins.set('other', { provider: 'p', model: 'm' });
    // Each turn only reads the pin (dispatch sets it again only when it changes).
    for (now = 900; now <= 3_600; now += 900) expect(pins.get('busy')).toEqual({ provider: 'p', model: 'm', keyId: 'k' });
    pins.set('third', { provider: 'p', model: 'm' });
    expect(pins.get('busy')).toBeDefined();
    expect(pins.get('other')).toBeUndefined();
  });

  test('bounded: the least recently seen session goes first', () => {
    const pins = new SessionPins(() => 0, 2);
    pins.set('a', { provider: 'p', model: 'm' });
    pins.set('b', { provider: 'p', model: 'm' });
    pins.set('a', { provider: 'p', model: 'm' });
    pins.set('c', { provider: 'p', model: 'm' });
    expect(pins.get('b')).toBeUndefined();
    expect(pins.get('a')).toBeDefined();
    expect(pins.size).toBe(2);
  });

  test('sessions per key', () => {
    const pins = new SessionPins(() => 0);
    pins.set('a', { provider: 'p', model: 'm', keyId: 'k1' });
    pins.set('b', { provider: 'p', model: 'm', keyId: 'k1' });
    pins.set('c', { provider: 'p', model: 'm', keyId: 'k2' });
    expect(Object.fromEntries(pins.countByKey())).toEqual({ k1: 2, k2: 1 });
  });
});
