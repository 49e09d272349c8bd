import { describe, expect, test } from 'bun:test';
import { Deadlines } from './deadlines';

function setup() {
  const clock = { now: 0 };
  const deadlines = new Deadlines(25, () => clock.now);
  return { clock, deadlines };
}

describe('Deadlines', () => {
  test('a deadline fires once its time passes, and only once', () => {
    const { clock, deadlines } = setup();
    let fired = 0;
    deadlines.arm(100, () => fired++);
    clock.now = 99;
    deadlines.check();
    expect(fired).toBe(0);
    clock.now = 100;
    deadlines.check();
    deadlines.check();
    expect(fired).toBe(1);
    expect(deadlines.size).toBe(0);
  });

  test('touch starts the silence over; cancel means it never fires', () => {
    const { clock, deadlines } = setup();
    const fired: string[] = [];
    const touched = deadlines.arm(100, () => fired.push('touched'));
    const cancelled = deadlines.arm(100, () => fired.push('cancelled'));
    clock.now = 80;
    touched.touch();
    cancelled.cancel();
    clock.now = 150;
    deadlines.check();
    expect(fired).toEqual([]);
    clock.now = 180;
    deadlines.check();
    expect(fired).toEqual(['touched']);
  });

  test('each deadline keeps its own timeout, and one firing leaves the others armed', () => {
    const { clock, deadlines } = setup();
    const fired: number[] = [];
    deadlines.arm(50, () => fired.push(50));
    deadlines.arm(200, () => fired.push(200));
    clock.now = 60;
    deadlines.check();
    expect(fired).toEqual([50]);
    expect(deadlines.size).toBe(1);
  });

  test('the timer runs only while something is armed', () => {
    const { clock, deadlines } = setup();
    expect(deadlines.ticking).toBe(false);
    const deadline = deadlines.arm(100, () => {});
    expect(deadlines.ticking).toBe(true);
    deadline.cancel();
    deadlines.check();
    expect(deadlines.ticking).toBe(false);
    deadlines.arm(10, () => {});
    clock.now = 10;
    deadlines.check();
    expect(deadlines.ticking).toBe(false);
  });

  test('on the real clock, a deadline fires within the check interval after it passes', async () => {
    const deadlines = new Deadlines(10);
    const started = performance.now();
    const firedAt = await new Promise<number>((resolve) => deadlines.arm(40, () => resolve(performance.now())));
    expect(firedAt - started).toBeGreaterThanOrEqual(40);
    expect(deadlines.ticking).toBe(false);
  });
});
