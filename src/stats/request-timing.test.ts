import { describe, expect, test } from 'bun:test';
import { ownServerTiming, RequestTiming } from './request-timing';

describe('RequestTiming', () => {
  test('upstream time is the calls summed; ccr own time the rest, retry waits left out', async () => {
    const timing = new RequestTiming(performance.now() - 100);
    timing.callStarted();
    await Bun.sleep(20);
    timing.callEnded();
    timing.callEnded();
    timing.waited(30);
    const now = performance.now();
    expect(timing.calls).toBe(1);
    expect(timing.upstreamMs).toBeGreaterThanOrEqual(19);
    const own = timing.ownUntil(now);
    expect(own).toBeCloseTo(now - timing.started - timing.upstreamMs - 30, 5);
  });

  test('a call still open counts until now (a stream whose headers leave)', () => {
    const timing = new RequestTiming(1000);
    timing.callStarted();
    const later = performance.now() + 50;
    expect(timing.upstreamUntil(later)).toBeGreaterThanOrEqual(50);
  });

  test('failed attempts are kept with their provider and status', () => {
    const timing = new RequestTiming();
    timing.attemptFailed('deepseek', 429);
    timing.attemptFailed('deepseek', 502);
    expect(timing.failures).toEqual([
      { provider: 'deepseek', status: 429 },
      { provider: 'deepseek', status: 502 },
    ]);
  });

  test('Server-Timing: ccr and upstream durations in ms, as the header grammar wants them', () => {
    const timing = new RequestTiming(0);
    expect(timing.serverTiming(2.5)).toBe('ccr;dur=2.5, upstream;dur=0');
    expect(ownServerTiming(10, 10.1234)).toBe('ccr;dur=0.123, upstream;dur=0');
    expect(timing.serverTiming(2.5)).toMatch(/^ccr;dur=\d+(\.\d+)?, upstream;dur=\d+(\.\d+)?$/);
  });
});
