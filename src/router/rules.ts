/**
 * `Router.rules`: user-written conditions, compiled once per config snapshot (regexes built, header
 * names lower-cased) and matched in order; the first rule whose conditions all hold wins.
 */
import { parseModelRegex } from '../config/model-regex';
import type { RouteRule, RouteSpec } from '../config/schema';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { anyMessageHasImage, isThinkingEnabled } from './categories';

export interface RuleFacts {
  request: MessagesRequest;
  /** Counted on first call: most rules never look at tokens. */
  tokens: () => number;
  headers: Record<string, string>;
  sessionId?: string;
}

export interface CompiledRule {
  /** The rule's `name`, or `rules[i]`. */
  label: string;
  route: RouteSpec;
  matches: (facts: RuleFacts) => boolean;
}

type Condition = (facts: RuleFacts) => boolean;

export function compileRules(rules: readonly RouteRule[]): CompiledRule[] {
  return rules.map((rule, i) => {
    const label = rule.name?.trim() || `rules[${i}]`;
    const where = `Router.rules[${i}]${rule.name ? ` (${rule.name})` : ''}`;
    const conditions = compileConditions(rule.when ?? {}, where);
    return { label, route: rule.route, matches: (facts) => conditions.every((condition) => condition(facts)) };
  });
}

export function findMatchingRule<Rule extends CompiledRule>(rules: readonly Rule[], facts: RuleFacts): Rule | undefined {
  return rules.find((rule) => rule.matches(facts));
}

function compileConditions(when: RouteRule['when'], where: string): Condition[] {
  const conditions: Condition[] = [];
  const { modelContains, modelPrefix, modelRegex, minTokens, maxTokens, hasTools, hasImages, thinking, header, session } = when;
  if (modelContains !== undefined) conditions.push(({ request }) => request.model.includes(modelContains));
  if (modelPrefix !== undefined) conditions.push(({ request }) => request.model.startsWith(modelPrefix));
  if (modelRegex !== undefined) {
    const regex = compileRegex(modelRegex, where);
    conditions.push(({ request }) => regex.test(request.model));
  }
  if (minTokens !== undefined) conditions.push(({ tokens }) => tokens() >= minTokens);
  if (maxTokens !== undefined) conditions.push(({ tokens }) => tokens() <= maxTokens);
  if (hasTools !== undefined) conditions.push(({ request }) => (request.tools?.length ?? 0) > 0 === hasTools);
  // Any image in the conversation, not only the last turn: a model that cannot see images refuses them wherever they are.
  if (hasImages !== undefined) conditions.push(({ request }) => anyMessageHasImage(request.messages) === hasImages);
  if (thinking !== undefined) conditions.push(({ request }) => isThinkingEnabled(request) === thinking);
  if (header !== undefined) conditions.push(compileHeaderCondition(header));
  if (session !== undefined) conditions.push(({ sessionId }) => sessionId === session);
  return conditions;
}

type HeaderCondition = NonNullable<RouteRule['when']['header']>;

/** With neither `equals` nor `contains`, the header only has to be present. */
function compileHeaderCondition({ name, equals, contains }: HeaderCondition): Condition {
  const key = name.toLowerCase();
  return ({ headers }) => {
    const value = headers[key];
    if (value === undefined) return false;
    if (equals !== undefined && value !== equals) return false;
    if (contains !== undefined && !value.includes(contains)) return false;
    return true;
  };
}

/** Validation reports a bad pattern first; a config that skipped it still fails the load, naming the rule. */
function compileRegex(pattern: string, where: string): RegExp {
  try {
    return parseModelRegex(pattern);
  } catch (error) {
    throw new Error(`${where}.when.modelRegex: ${(error as Error).message}`);
  }
}
