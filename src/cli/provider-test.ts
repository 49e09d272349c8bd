/**
 * `ccr test`'s probes: one tiny request per provider × key × model, built and read by the same
 * code real traffic goes through (buildUpstreamCall: transformers and the dialect's request
 * conversion; then the dialect's response conversion), sent with fetch. Each result carries the
 * provider's own error message, keys masked.
 */
import { byProviderName } from '../config/route-target';
import type { MessageResponse, MessagesRequest } from '../dialects/anthropic/types';
import { buildUpstreamCall } from '../dispatch/build-call';
import { describeNetworkError } from '../dispatch/upstream';
import { maskKey, maskSecrets } from '../log';
import type { ProviderRuntime, Runtime } from '../runtime';
import { CliError } from './errors';

export interface ProbeTarget {
  provider: ProviderRuntime;
  /** '' for a provider configured without a key (a local server). */
  key: string;
  model: string;
}

export interface ProbeResult {
  provider: string;
  /** Masked. */
  key: string;
  model: string;
  ok: boolean;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  latencyMs: number | null;
  /** The reply's first words, or the provider's error message. */
  message: string;
}

export interface ProbeOptions {
  timeoutMs: number;
  proxyUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

const PROMPT = 'Reply with the single word OK.';
const MAX_TOKENS = 16;

/** The targets for the filters; a provider that cannot be probed becomes a failed result saying why. */
export function probeTargets(runtime: Runtime, filter: { provider?: string; model?: string }): { targets: ProbeTarget[]; unprobed: ProbeResult[] } {
  let providers = [...runtime.providers.values()];
  if (filter.provider) {
    const provider = byProviderName(runtime.providers, filter.provider);
    if (!provider) throw new CliError(`no provider named "${filter.provider}" (configured: ${providers.map((each) => each.name).join(', ') || 'none'})`);
    providers = [provider];
  } else if (filter.model) {
    providers = providers.filter((provider) => provider.models.includes(filter.model!));
    if (providers.length === 0) throw new CliError(`no provider lists the model "${filter.model}" (add --provider NAME to try it on one)`);
  }
  if (providers.length === 0) throw new CliError('no provider is configured: `ccr setup` writes one');
  const targets: ProbeTarget[] = [];
  const unprobed: ProbeResult[] = [];
  for (const provider of providers) {
    const models = filter.model ? [filter.model] : provider.models;
    const keys = provider.apiKeys.length > 0 ? provider.apiKeys : [''];
    if (models.length === 0) {
      unprobed.push({ provider: provider.name, key: '-', model: '-', ok: false, status: null, latencyMs: null, message: 'no models listed in its config; name one with --model' });
      continue;
    }
    for (const key of keys) for (const model of models) targets.push({ provider, key, model });
  }
  return { targets, unprobed };
}

export async function probe(target: ProbeTarget, options: ProbeOptions): Promise<ProbeResult> {
  const { provider, key, model } = target;
  const now = options.now ?? (() => performance.now());
  const base = { provider: provider.name, key: key ? maskKey(key) : '(none)', model };
  const request: MessagesRequest = { model, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: PROMPT }] };
  let sequence = 0;
  const mask = (text: string) => maskSecrets(text, provider.apiKeys);
  const started = now();
  const elapsed = () => Math.round(now() - started);
  try {
    const built = buildUpstreamCall({ request, provider, model, apiKey: key, generateId: (prefix) => `${prefix}_ccrtest${++sequence}` });
    const init: RequestInit & { proxy?: string } = { method: 'POST', headers: built.headers, body: built.body, signal: AbortSignal.timeout(options.timeoutMs) };
    if (options.proxyUrl) init.proxy = options.proxyUrl;
    const response = await (options.fetch ?? fetch)(built.url, init);
    const text = await response.text();
    const latencyMs = elapsed();
    if (!response.ok) {
      const message = built.plan.dialect.readErrorMessage(text) || response.statusText || 'no message';
      return { ...base, ok: false, status: response.status, latencyMs, message: oneLine(mask(message)) };
    }
    const { plan, cctx, tctx } = built;
    const message = plan.chain.response(plan.dialect.convertResponse(plan.chain.upstreamResponse(JSON.parse(text), tctx), cctx), tctx);
    return { ...base, ok: true, status: response.status, latencyMs, message: oneLine(replyText(message)) || `(${message.stop_reason ?? 'no text'})` };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      ...base,
      ok: false,
      status: null,
      latencyMs: timedOut ? null : elapsed(),
      message: timedOut ? `no answer within ${options.timeoutMs / 1000} s` : oneLine(mask(describeNetworkError(error))),
    };
  }
}

/** Probes a few at a time: providers rate-limit bursts, and a table of 429s would say nothing. */
export async function probeAll(targets: ProbeTarget[], options: ProbeOptions & { concurrency: number }): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      results[index] = await probe(targets[index], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, targets.length) }, worker));
  return results;
}

function replyText(message: MessageResponse): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

function oneLine(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
