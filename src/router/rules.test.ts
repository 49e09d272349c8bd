import { describe, expect, test } from 'bun:test';
import type { RouteRule } from '../config/schema';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { compileRules, findMatchingRule, type RuleFacts } from './rules';

const request = (overrides: Partial<MessagesRequest> = {}): MessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
  ...overrides,
});
const facts = (overrides: Partial<RuleFacts> = {}): RuleFacts => ({ request: request(), tokens: () => 100, headers: {}, ...overrides });
const matches = (when: RouteRule['when'], factsValue: RuleFacts) => compileRules([{ when, route: 'p,m' }])[0].matches(factsValue);

describe('compileRules', () => {
  test('labels a rule by its name, or by its index', () => {
    const rules = compileRules([
      { name: 'first', when: {}, route: 'p,m' },
      { when: {}, route: 'p,m' },
    ]);
    expect(rules.map((rule) => rule.label)).toEqual(['first', 'rules[1]']);
  });

  test('an invalid modelRegex fails at compile time, naming the rule', () => {
    expect(() => compileRules([{ name: 'bad', when: { modelRegex: '(' }, route: 'p,m' }])).toThrow('Router.rules[0] (bad).when.modelRegex');
  });
});

describe('conditions', () => {
  test('modelContains and modelPrefix', () => {
    expect(matches({ modelContains: 'sonnet' }, facts())).toBe(true);
    expect(matches({ modelContains: 'opus' }, facts())).toBe(false);
    expect(matches({ modelPrefix: 'claude-' }, facts())).toBe(true);
    expect(matches({ modelPrefix: 'sonnet' }, facts())).toBe(false);
  });

  test('modelRegex, plain or /…/flags', () => {
    expect(matches({ modelRegex: '^claude-(sonnet|opus)' }, facts())).toBe(true);
    expect(matches({ modelRegex: '^CLAUDE' }, facts())).toBe(false);
    expect(matches({ modelRegex: '/^CLAUDE/i' }, facts())).toBe(true);
  });

  test('a /…/g regex does not alternate between matching and not (no lastIndex state)', () => {
    const [rule] = compileRules([{ when: { modelRegex: '/sonnet/g' }, route: 'p,m' }]);
    expect([rule.matches(facts()), rule.matches(facts()), rule.matches(facts())]).toEqual([true, true, true]);
  });

  test('minTokens and maxTokens are inclusive', () => {
    expect(matches({ minTokens: 100, maxTokens: 100 }, facts())).toBe(true);
    expect(matches({ minTokens: 101 }, facts())).toBe(false);
    expect(matches({ maxTokens: 99 }, facts())).toBe(false);
  });

  test('hasTools', () => {
    const withTools = facts({ request: request({ tools: [{ name: 'Read', input_schema: {} }] }) });
    expect(matches({ hasTools: true }, withTools)).toBe(true);
    expect(matches({ hasTools: true }, facts())).toBe(false);
    expect(matches({ hasTools: false }, facts())).toBe(true);
  });

  test('hasImages looks at the whole conversation', () => {
    const image = { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } } as const;
    const earlier = request({ messages: [{ role: 'user', content: [image] }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'and?' }] });
    expect(matches({ hasImages: true }, facts({ request: earlier }))).toBe(true);
    expect(matches({ hasImages: true }, facts())).toBe(false);
  });

  test('thinking means an enabled budget, not adaptive', () => {
    expect(matches({ thinking: true }, facts({ request: request({ thinking: { type: 'enabled', budget_tokens: 2000 } }) }))).toBe(true);
    expect(matches({ thinking: true }, facts({ request: request({ thinking: { type: 'adaptive' } }) }))).toBe(false);
    expect(matches({ thinking: false }, facts({ request: request({ thinking: { type: 'adaptive' } }) }))).toBe(true);
  });

  test('header: presence, equals, contains; the configured name in any case', () => {
    const headers = { 'x-tenant': 'team-b' };
    expect(matches({ header: { name: 'X-Tenant' } }, facts({ headers }))).toBe(true);
    expect(matches({ header: { name: 'X-Tenant', equals: 'team-b' } }, facts({ headers }))).toBe(true);
    expect(matches({ header: { name: 'X-Tenant', equals: 'team' } }, facts({ headers }))).toBe(false);
    expect(matches({ header: { name: 'x-tenant', contains: 'b' } }, facts({ headers }))).toBe(true);
    expect(matches({ header: { name: 'x-other' } }, facts({ headers }))).toBe(false);
  });

  test('session', () => {
    expect(matches({ session: 's1' }, facts({ sessionId: 's1' }))).toBe(true);
    expect(matches({ session: 's1' }, facts({ sessionId: 's2' }))).toBe(false);
    expect(matches({ session: 's1' }, facts())).toBe(false);
  });

  test('every present condition must hold', () => {
    expect(matches({ modelContains: 'sonnet', minTokens: 50 }, facts())).toBe(true);
    expect(matches({ modelContains: 'sonnet', minTokens: 500 }, facts())).toBe(false);
  });
});

describe('findMatchingRule', () => {
  test('the first matching rule wins', () => {
    const rules = compileRules([
      { name: 'opus', when: { modelContains: 'opus' }, route: 'a,1' },
      { name: 'claude', when: { modelPrefix: 'claude' }, route: 'b,2' },
      { name: 'sonnet', when: { modelContains: 'sonnet' }, route: 'c,3' },
    ]);
    expect(findMatchingRule(rules, facts())?.label).toBe('claude');
    expect(findMatchingRule(rules, facts({ request: request({ model: 'gpt-4o' }) }))).toBeUndefined();
  });
});
