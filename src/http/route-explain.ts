/**
 * `POST /api/route/explain`: where a request would go, without sending it. Answers the category,
 * the rule, the ordered targets, the token count and what routing warned about (a custom router
 * that failed, a subagent tag naming no provider), so a user can check a config before use.
 * A dry run: no round-robin counter advances, weighted draws are fixed so the answer is stable, and
 * health and session state are read only if the caller hands them in.
 */
import { Elysia, t } from 'elysia';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { SESSION_HEADER, sessionIdOf } from '../router/session';
import type { RouteContext, Router } from '../router/types';
import { countRequestTokens } from '../tokens/count';
import { headersOf } from './headers';
import { rawBodyPlugin } from './read-body';
import { parseJsonBody, validateRoutableRequest } from './validate-request';

/** Read-only live state to explain with; round-robin state is left out on purpose (it would advance). */
type ExplainLiveState = Pick<RouteContext, 'isHealthy' | 'lastInputTokens' | 'config' | 'customRouterTimeoutMs'>;

/** Every weighted draw lands on the first provider with weight: the same request explains the same way each time. */
const FIXED_DRAW = () => 0;

const open = { additionalProperties: true } as const;

// Documentation only: the handler parses and validates the body itself, once (as messages.ts does).
const ExplainBody = t.Object(
  {
    model: t.String({ description: 'As the client would send it: a model name, or "provider,model"', examples: ['claude-sonnet-4-5'] }),
    messages: t.Array(t.Object({ role: t.String(), content: t.Union([t.String(), t.Array(t.Object({ type: t.String() }, open))]) }, open)),
  },
  { ...open, description: 'A Messages API request body; max_tokens is not needed' },
);

const ExplainResponse = t.Object({
  category: t.String({ description: 'explicit, custom, rule, subagent, longContext, background, webSearch, think, image or default' }),
  rule: t.Optional(t.String({ description: 'The matching rule, when category is "rule"' })),
  targets: t.Array(t.Object({ provider: t.String(), model: t.String() }), { description: 'Primary first, then fallbacks in order' }),
  tokenCount: t.Number({ description: 'Estimated input tokens (cl100k)' }),
  warnings: t.Array(t.String(), { description: 'What routing logged on the way: a custom router that failed or timed out, a subagent tag naming no provider' }),
});

const json = (schema: unknown) => ({ 'application/json': { schema } });

// The swagger plugin takes OpenAPI operation objects as `detail`; the cast keeps Elysia's narrower type happy.
const explainDoc = {
  summary: 'Explain a routing decision',
  description:
    'Runs the router on a Messages API request body without calling any provider and returns the category that matched ' +
    '(explicit, custom, rule, subagent, longContext, background, webSearch, think, image, default), the rule name when a ' +
    'custom rule matched, the ordered targets dispatch would try (primary first, then fallbacks), the estimated input ' +
    'token count and the warnings routing logged. Round-robin counters do not advance; a weighted route names its first provider.',
  tags: ['Admin'],
  requestBody: { required: true, content: json(ExplainBody) },
  responses: { 200: { description: 'The decision', content: json(ExplainResponse) } },
} as Record<string, unknown>;

export function routeExplainPlugin(getRouter: () => Router, getLiveState: () => ExplainLiveState = () => ({}), bodyLimitBytes = () => Infinity) {
  return new Elysia({ name: 'route-explain' })
    .use(rawBodyPlugin(bodyLimitBytes))
    .post('/api/route/explain', ({ text, request }) => explain(text, request, getRouter(), getLiveState()), { parse: 'none', rawBody: true, detail: explainDoc });
}

async function explain(text: string, request: Request, router: Router, live: ExplainLiveState): Promise<Response> {
  // max_tokens is not needed to route, so a count_tokens body is enough.
  const body = validateRoutableRequest(parseJsonBody(text));
  const headers = headersOf(request);
  const warnings: string[] = [];
  const decision = await router.route(body, {
    ...live,
    headers,
    sessionId: sessionIdOf(body, request.headers.get(SESSION_HEADER)),
    random: FIXED_DRAW,
    log: (message, fields) => warnings.push(fields === undefined ? message : `${message} ${JSON.stringify(fields)}`),
  });
  return Response.json({
    category: decision.category,
    rule: decision.rule,
    targets: decision.targets,
    tokenCount: decision.tokenCount ?? countRequestTokens(decision.request),
    warnings,
  });
}
