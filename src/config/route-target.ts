/**
 * How route strings name providers. Every place that keys or looks up a provider by name (config
 * validation, the router's index, the runtime's map, dispatch) uses `providerKey`, so a name
 * validation accepts is one the router and dispatch find.
 */

/** Provider names match case-insensitively and ignore surrounding spaces (`"OpenRouter "` is `openrouter`). */
export function providerKey(name: string): string {
  return name.trim().toLowerCase();
}

/** claude-code-router's UI writes `""` for a category left unset: it means no route, not a bad one. */
export function isRouteUnset(spec: unknown): spec is undefined | '' {
  return spec === undefined || spec === '';
}
