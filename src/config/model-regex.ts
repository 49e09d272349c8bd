/**
 * `Router.rules[].when.modelRegex`: `"^gpt-"`, or `"/^claude/i"` to pass flags. Parsed by validation
 * (so a bad pattern is reported with every other config problem) and by the router's rule compiler.
 */

/** Throws a SyntaxError saying what is wrong with a bad pattern. */
export function parseModelRegex(pattern: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  // `g` and `y` would make test() stateful across requests.
  return literal ? new RegExp(literal[1], literal[2].replace(/[gy]/g, '')) : new RegExp(pattern);
}
