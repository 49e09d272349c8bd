/**
 * A completed request's token counts, worked out once for usage accounting and the live stats alike
 * (both read them off the request path, whichever comes first): the upstream's counts, the missing
 * ones estimated (estimate.ts). An estimate that fails leaves the counts as the upstream reported them.
 */
import { completeUsage } from './estimate';
import type { TokenCounts } from './pricing';
import type { RequestUsage } from './recorder';

export type CountedTokens = TokenCounts & { estimated: boolean };

const counted = new WeakMap<RequestUsage, CountedTokens>();

export function requestTokens(usage: RequestUsage, onEstimateError?: (error: unknown) => void): CountedTokens {
  let tokens = counted.get(usage);
  if (tokens === undefined) {
    tokens = estimatedOrReported(usage, onEstimateError);
    counted.set(usage, tokens);
  }
  return tokens;
}

function estimatedOrReported(usage: RequestUsage, onEstimateError: ((error: unknown) => void) | undefined): CountedTokens {
  if (usage.estimators) {
    try {
      return completeUsage(usage.usage, usage.estimators);
    } catch (error) {
      onEstimateError?.(error);
    }
  }
  return completeUsage(usage.usage, {});
}
