/** `GET /api/transformers`: every transformer (built-in or loaded from a file) and which providers and models use it. */
import { Elysia, t } from 'elysia';
import type { TransformerInfo } from '../transformers/registry';

const TransformerInfoSchema = t.Object({
  name: t.String(),
  source: t.String({ description: '`builtin` or the path of the module it was loaded from' }),
  description: t.Optional(t.String()),
  options: t.Optional(t.Record(t.String(), t.String(), { description: 'option name → what it does' })),
  usedBy: t.Array(
    t.Object({
      provider: t.String(),
      model: t.Optional(t.String({ description: 'absent when the transformer is in the provider-wide chain' })),
    }),
  ),
});

export function adminTransformersPlugin(getInfo: () => TransformerInfo[]) {
  return new Elysia({ name: 'admin-transformers' }).get('/api/transformers', () => ({ transformers: getInfo() }), {
    response: t.Object({ transformers: t.Array(TransformerInfoSchema) }),
    detail: {
      tags: ['Admin'],
      summary: 'List transformers',
      description: 'Built-in and custom transformers, their options, and the providers and models whose chains use them.',
    },
  });
}
