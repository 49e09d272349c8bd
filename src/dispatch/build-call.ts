/**
 * Everything about one upstream call that needs no I/O: the transformed and converted body
 * (serialized once), where it goes, and the contexts the response side will need.
 */
import type { MessagesRequest } from '../dialects/anthropic/types';
import type { ConversionContext } from '../dialects/types';
import { ToolNameMap } from '../dialects/tool-names';
import type { ModelPlan, ProviderRuntime } from '../runtime';
import type { TransformerContext } from '../transformers/types';

/** Claude Code's beta flags (interleaved thinking, 1M context…) mean something only to Anthropic upstreams. */
const FORWARDED_TO_ANTHROPIC = ['anthropic-version', 'anthropic-beta'] as const;

export interface BuiltCall {
  plan: ModelPlan;
  url: string;
  headers: Record<string, string>;
  body: string;
  stream: boolean;
  cctx: ConversionContext;
  tctx: TransformerContext;
}

export interface BuildCallInput {
  request: MessagesRequest;
  provider: ProviderRuntime;
  model: string;
  apiKey: string;
  generateId: ConversionContext['generateId'];
  /** Top-level fields the credential adds to the upstream body (CodeWhisperer's `profileArn`). */
  credentialFields?: Record<string, string>;
  /** The client's request: Anthropic upstreams get its version and beta headers (read only for them). */
  client?: ClientRequest;
}

/** What the upstream call reads of the client's request. Bun builds `headers` on first access. */
export interface ClientRequest {
  readonly headers: { get(name: string): string | null };
  /** Its query (Claude Code's `?beta=true`) goes to Anthropic upstreams too. */
  readonly url?: string;
}

export function buildUpstreamCall({ request: clientRequest, provider, model, apiKey, generateId, credentialFields, client }: BuildCallInput): BuiltCall {
  const plan = provider.plan(model);
  const stream = clientRequest.stream === true;
  const warnings: string[] = [];
  const tctx: TransformerContext = { provider: provider.name, model, dialect: plan.dialect.id, warnings, request: clientRequest };
  const cctx: ConversionContext = {
    model,
    requestedModel: clientRequest.model,
    generateId,
    toolNames: new ToolNameMap(),
    warnings,
    systemMessages: plan.systemMessages,
    baseUrl: provider.baseUrl,
  };

  const request = plan.chain.request(clientRequest, tctx);
  // Later hooks (OpenRouter's cache_control, reasoning knobs) see the request as the request hooks left it.
  tctx.request = request;
  const converted = plan.dialect.convertRequest(request, cctx) as Record<string, unknown>;
  const body = plan.chain.upstreamBody(credentialFields ? { ...credentialFields, ...converted } : converted, tctx);
  const endpoint = plan.dialect.endpoint({ baseUrl: provider.baseUrl, model, stream, apiKey, authScheme: plan.chain.authScheme });
  if (plan.dialect.id === 'anthropic' && client) {
    for (const name of FORWARDED_TO_ANTHROPIC) {
      const value = client.headers.get(name);
      if (value) endpoint.headers[name] = value;
    }
    endpoint.url = withClientQuery(endpoint.url, client.url);
  }
  const headers = plan.chain.upstreamHeaders(endpoint.headers, tctx);
  return { plan, url: endpoint.url, headers, body: JSON.stringify(body), stream, cctx, tctx };
}

/** The upstream URL with the client's query string appended (`?beta=true` turns Anthropic's betas on). */
function withClientQuery(url: string, clientUrl: string | undefined): string {
  const start = clientUrl?.indexOf('?') ?? -1;
  if (start === -1 || start === clientUrl!.length - 1) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${clientUrl!.slice(start + 1)}`;
}
