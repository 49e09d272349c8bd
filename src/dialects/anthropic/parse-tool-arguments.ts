/**
 * A tool call's JSON arguments as the object Anthropic's `tool_use.input` must be. Tolerant: text
 * that is not a JSON object becomes `{}` with a warning rather than an exception (repairing it is a
 * transformer's job), so one malformed call cannot fail a whole response.
 */
export function parseToolArguments(json: string, toolName: string, warnings: string[]): Record<string, unknown> {
  if (json.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    warnings.push(`tool call ${toolName}: arguments are not a JSON object, sent as {}: ${json}`);
  } catch {
    warnings.push(`tool call ${toolName}: arguments are not valid JSON, sent as {}: ${json}`);
  }
  return {};
}
