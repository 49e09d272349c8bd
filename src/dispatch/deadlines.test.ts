import { describe, expect, test } from 'bun:test';
import { deadlineAfter, DeadlineList, type Clock } from './deadlines';

/** A clock whose time moves only when told, and whose timers fire when their time is passed. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimer: (run, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer: (id) => void timers.delete(id as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].run();
    }
    now = until;
  };
  let timerCalls = 0;
  const counted: Clock = {
    now: clock.now,
    setTimer: (run, ms) => (timerCalls++, clock.setTimer(run, ms)),
    clearTimer: (id) => (timerCalls++, clock.clearTimer(id)),
  };
  return { clock: counted, advance, armed: () => timers.size, timerCalls: () => timerCalls };
}

function recorder() {
  const expired: string[] = [];
  const item = (name: string) => ({ expire: () => expired.push(name) });
  return { expired, item };
}

describe('DeadlineList', () => {
  test('each call expires once its allowance has passed, in the order they started, not before', () => {
    const { clock, advance } = fakeClock();
    const list = new DeadlineList(100, clock);
    const { expired, item } = recorder();
    list.add(item('a'));
    advance(30);
    list.add(item('b'));
    advance(69);
    expect(expired).toEqual([]);
    advance(1);
    expect(expired).toEqual(['a']);
    advance(29);
    expect(expired).toEqual(['a']);
    advance(1);
    expect(expired).toEqual(['a', 'b']);
    advance(1000);
    expect(expired).toEqual(['a', 'b']);
  });

  test('a renewal starts the allowance again; a cancelled call never expires', () => {
    const { clock, advance } = fakeClock();
    const list = new DeadlineList(100, clock);
    const { expired, item } = recorder();
    const streaming = list.add(item('stream'));
    const answered = list.add(item('answered'));
    const silent = list.add(item('silent'));
    advance(90);
    streaming.renew();
    answered.cancel();
    advance(10);
    expect(expired).toEqual(['silent']);
    advance(89);
    streaming.renew();
    advance(99);
    expect(expired).toEqual(['silent']);
    advance(1);
    expect(expired).toEqual(['silent', 'stream']);
    // Renewing or cancelling what already ended changes nothing.
    streaming.renew();
    answered.cancel();
    advance(500);
    expect(expired).toEqual(['silent', 'stream']);
  });

  test('one timer for all the calls in flight, and none once they have all ended', () => {
    const { clock, advance, armed } = fakeClock();
    const list = new DeadlineList(100, clock);
    const { item } = recorder();
    const deadlines = Array.from({ length: 50 }, (_, i) => list.add(item(String(i))));
    expect(armed()).toBe(1);
    for (const deadline of deadlines.slice(0, 49)) deadline.cancel();
    expect(armed()).toBe(1);
    deadlines[49].cancel();
    expect(armed()).toBe(0);
    advance(1000);
    list.add(item('next'));
    expect(armed()).toBe(1);
  });

  test('a stream renewing on every chunk touches no timer, alone or among others', () => {
    const { clock, advance, timerCalls } = fakeClock();
    const list = new DeadlineList(100, clock);
    const { expired, item } = recorder();
    const stream = list.add(item('stream'));
    const before = timerCalls();
    for (let chunk = 0; chunk < 500; chunk++) {
      advance(10);
      stream.renew();
    }
    const other = list.add(item('other'));
    for (let chunk = 0; chunk < 5; chunk++) {
      advance(10);
      stream.renew();
    }
    // Over 5 s the one timer fired early and re-armed now and then; nothing per chunk.
    expect(timerCalls() - before).toBeLessThan(120);
    expect(expired).toEqual([]);
    other.cancel();
    advance(99);
    expect(expired).toEqual([]);
    advance(1);
    expect(expired).toEqual(['stream']);
  });

  test('a timer that fires for a head that has since ended waits on for the next deadline', () => {
    const { clock, advance } = fakeClock();
    const list = new DeadlineList(100, clock);
    const { expired, item } = recorder();
    const first = list.add(item('first'));
    advance(50);
    list.add(item('second'));
    first.cancel(); // the list still has 'second': its timer stays armed for first's time
    advance(50);
    expect(expired).toEqual([]);
    advance(49);
    expect(expired).toEqual([]);
    advance(1);
    expect(expired).toEqual(['second']);
  });

  test('an allowance longer than setTimeout can wait is waited in steps', () => {
    const { clock, advance } = fakeClock();
    const delays: number[] = [];
    const list = new DeadlineList(3 * 2 ** 31, { ...clock, setTimer: (run, ms) => (delays.push(ms), clock.setTimer(run, ms)) });
    const { expired, item } = recorder();
    list.add(item('long'));
    advance(2 ** 31);
    expect(expired).toEqual([]);
    advance(3 * 2 ** 31);
    expect(expired).toEqual(['long']);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

describe('deadlineAfter', () => {
  test('expires a call on the real clock, and not one cancelled in time', async () => {
    const { expired, item } = recorder();
    deadlineAfter(20, item('late'));
    deadlineAfter(20, item('done')).cancel();
    await Bun.sleep(5);
    expect(expired).toEqual([]);
    await Bun.sleep(40);
    expect(expired).toEqual(['late']);
  });
});
