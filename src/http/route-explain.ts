/**
 * `POST /api/route/explain`: where a request would go, without sending it. Answers the category,
 * the rule, the ordered targets and the token count, so a user can check a config before use.
 * A dry run: no round-robin counter advances, and health and session state are read only if the
 * caller hands them in.
 */
import { Elysia, t } from 'elysia';
import type { MessagesRequest } from '../dialects/anthropic/types';
import { sessionIdOf } from '../router/session';
import { countRequestTokens } from '../tokens/count';
import type { RouteContext, RouteDecision } from '../router/types';
import { ApiError } from './errors';
import { validateCountTokensRequest } from './validate-request';

export interface ExplainableRouter {
  route: (request: MessagesRequest, context: RouteContext) => Promise<RouteDecision>;
}

/** Read-only live state to explain with; round-robin state is left out on purpose (it would advance). */
export type ExplainLiveState = Pick<RouteContext, 'isHealthy' | 'lastInputTokens' | 'config' | 'customRouterTimeoutMs'>;

const open = { additionalProperties: true } as const;

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
});

export function routeExplainPlugin(getRouter: () => ExplainableRouter, getLiveState: () => ExplainLiveState = () => ({})) {
  return new Elysia({ name: 'route-explain' })
    .onError(({ code, error }) => {
      if (error instanceof ApiError) return error.toResponse();
      switch (code) {
        case 'PARSE':
          return new ApiError(400, 'Request body is not valid JSON').toResponse();
        case 'VALIDATION':
          return new ApiError(400, `Request body is not a Messages request: ${error.message}`).toResponse();
        default:
          // Anything else is left to the app's handler, which logs it and answers in Anthropic's shape.
          return undefined;
      }
    })
    .post(
      '/api/route/explain',
      async ({ body, request }) => {
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const messagesRequest = validateCountTokensRequest(body) as MessagesRequest;
        const decision = await getRouter().route(messagesRequest, {
          ...getLiveState(),
          headers,
          sessionId: sessionIdOf(messagesRequest, headers),
        });
        return { category: decision.category, rule: decision.rule, targets: decision.targets, tokenCount: decision.tokenCount ?? countRequestTokens(decision.request) };
      },
      {
        body: ExplainBody,
        response: ExplainResponse,
        detail: {
          summary: 'Explain a routing decision',
          description:
            'Runs the router on a Messages API request body without calling any provider and returns the category that matched ' +
            '(explicit, custom, rule, subagent, longContext, background, webSearch, think, image, default), the rule name when a ' +
            'custom rule matched, the ordered targets dispatch would try (primary first, then fallbacks) and the estimated input ' +
            'token count. Round-robin counters do not advance.',
          tags: ['Admin'],
        },
      },
    );
}
