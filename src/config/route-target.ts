/**
 * How route strings name providers. Every place that keys or looks up a provider by name (config
 * validation, the router's index, the runtime's map, dispatch) uses `providerKey`, so a name
 * validation accepts is one the router and dispatch find.
 */

/** Provider names match case-insensitively and ignore surrounding spaces (`"OpenRouter "` is `openrouter`). */
export function providerKey(name: string): string {
  return name.trim().toLowerCase();
}
