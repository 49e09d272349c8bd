/**
 * Gemini's URL carries the model and the action. claude-code-router users configure the models
 * base (`https://generativelanguage.googleapis.com/v1beta/models/`); a base that already names
 * a model and action (`…/models/gemini-2.5-pro:generateContent`) is reduced to that base first,
 * so the routed model and the stream/non-stream choice always win.
 * @see https://ai.google.dev/api/generate-content#method:-models.generatecontent
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
import type { Endpoint, EndpointInput } from '../types';

/** `…/models/<model>:<action>[?query]` at the end of a configured URL. */
const MODEL_AND_ACTION = /\/[^/]+:(?:generateContent|streamGenerateContent)(?:\?.*)?$/;

export function geminiEndpoint(input: EndpointInput): Endpoint {
  const base = input.baseUrl.replace(MODEL_AND_ACTION, '/').replace(/\/+$/, '');
  const action = input.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return {
    url: `${base}/${encodeURIComponent(input.model)}:${action}`,
    headers: { 'content-type': 'application/json', 'x-goog-api-key': input.apiKey },
  };
}
