/** The Anthropic endpoints in the Elysia app, with their OpenAPI descriptions; the handlers are messages.ts's. */
import { Elysia } from 'elysia';
import { handleCountTokens, handleMessages, type MessagesDeps } from './messages';
import { countTokensDoc, messagesDoc } from './openapi';

export function messagesPlugin(deps: MessagesDeps) {
  return new Elysia({ name: 'messages' })
    .post('/v1/messages', ({ request }) => handleMessages(request, deps), { parse: 'none', detail: messagesDoc })
    .post('/v1/messages/count_tokens', ({ request }) => handleCountTokens(request, deps), { parse: 'none', detail: countTokensDoc });
}
