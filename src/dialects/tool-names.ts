/**
 * Tool names a provider refuses (OpenAI and Gemini: `^[a-zA-Z0-9_-]{1,64}$`; MCP tools in Claude
 * Code often exceed 64 characters) are replaced by safe names on the way out and restored on the
 * way back. One map per request.
 */
const SAFE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export class ToolNameMap {
  /** Made at the first name that needs replacing: most requests have none, and every request has a map. */
  private toUpstreamNames: Map<string, string> | undefined;
  private fromUpstreamNames: Map<string, string> | undefined;

  /** The name to send upstream for `name`, stable within this request. */
  toUpstream(name: string): string {
    if (SAFE_NAME.test(name)) return name;
    const known = this.toUpstreamNames?.get(name);
    if (known) return known;
    // Always suffixed: a cleaned name alone could equal another tool's safe name (`a.b` and `a_b`)
    // or another cleaned one (`a.b` and `a/b`), and the way back would pick the wrong tool.
    const suffix = `_${hash(name)}`;
    const safe = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64 - suffix.length) + suffix;
    (this.toUpstreamNames ??= new Map()).set(name, safe);
    (this.fromUpstreamNames ??= new Map()).set(safe, name);
    return safe;
  }

  /** The client's original name for what the upstream called `name`. */
  fromUpstream(name: string): string {
    return this.fromUpstreamNames?.get(name) ?? name;
  }
}

/** FNV-1a, 8 hex digits: short, stable, good enough to separate tool names within one request. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
