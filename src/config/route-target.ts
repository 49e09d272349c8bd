/**
 * Route strings (`"provider,model"`) and how they name providers. Every place that keys or looks up
 * a provider by name (config validation, the router's index, the runtime's map, dispatch) uses
 * `providerKey`, so a name validation accepts is one the router and dispatch find.
 */

/** Provider names match case-insensitively and ignore surrounding spaces (`"OpenRouter "` is `openrouter`). */
export function providerKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The entry of a map keyed by `providerKey` for `name`; a name already in key form (the usual spelling) is found without building its key. */
export function byProviderName<T>(map: ReadonlyMap<string, T>, name: string): T | undefined {
  return map.get(name) ?? map.get(providerKey(name));
}

/** claude-code-router's UI writes `""` for a category left unset: it means no route, not a bad one. */
export function isRouteUnset(spec: unknown): spec is undefined | '' {
  return spec === undefined || spec === '';
}

interface RouteTargetParts {
  provider: string;
  model: string;
}

/**
 * `"provider,model"` split at the first comma only: model ids may themselves hold commas, slashes
 * or suffixes (`:online`). Both parts are trimmed; undefined when either is empty.
 */
export function parseRouteTarget(target: string): RouteTargetParts | undefined {
  const comma = target.indexOf(',');
  if (comma < 0) return undefined;
  const provider = target.slice(0, comma).trim();
  const model = target.slice(comma + 1).trim();
  return provider && model ? { provider, model } : undefined;
}
