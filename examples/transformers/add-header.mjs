/**
 * A small user transformer: adds one header to every request sent to the providers whose chain
 * uses it. Load it from the config, with options:
 *
 *   "transformers": [{ "path": "./transformers/add-header.mjs", "options": { "header": "x-team", "value": "platform" } }]
 *
 * then name it in a provider's (or a model's) chain: "transformer": { "use": ["openrouter", "add-header"] }.
 * Options written in the chain (`["add-header", { "value": "other" }]`) override the config's.
 *
 * Only a class (or a `{ name, create(options) }` definition) takes options; a plain object exported
 * with options is refused at load.
 *
 * A transformer is a class (or an object, without options) with a `name` and any of these
 * hooks, all synchronous and pure: request(anthropicRequest, ctx), upstreamBody(body, ctx),
 * upstreamHeaders(headers, ctx), upstreamResponse(body, ctx), response(anthropicResponse, ctx),
 * stream(ctx) → { chunk?, event?, end? }. `ctx` says { provider, model, dialect, warnings }.
 */
export default class AddHeader {
  name = 'add-header';

  constructor(options = {}) {
    if (typeof options.header !== 'string' || options.header === '') throw new Error('option "header" must be a header name');
    this.header = options.header.toLowerCase();
    this.value = String(options.value ?? '');
  }

  upstreamHeaders(headers) {
    // Never let a config override how the request authenticates.
    if (this.header === 'authorization' || this.header === 'x-api-key') return headers;
    return { ...headers, [this.header]: this.value };
  }
}
