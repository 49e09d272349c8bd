/**
 * `systemmessages`: where system messages inside `messages` go for this provider, overriding the
 * preset's or the dialect's default (src/dialects/system-messages.ts, README "System messages").
 */
import { SYSTEM_MESSAGE_PLACEMENTS, type SystemMessagePlacement } from '../dialects/system-messages';
import { stringOption, TransformerOptionError } from './options';
import type { TransformerDefinition } from './types';

export const systemmessages: TransformerDefinition = {
  name: 'systemmessages',
  description: 'Where system messages inside the conversation go: kept in place, folded into the adjacent user turn, or appended to the leading system prompt.',
  options: { mode: `one of ${SYSTEM_MESSAGE_PLACEMENTS.join(', ')} (default user)` },
  create(options) {
    const mode = stringOption(options, 'systemmessages', 'mode') ?? 'user';
    if (!SYSTEM_MESSAGE_PLACEMENTS.includes(mode as SystemMessagePlacement)) {
      throw new TransformerOptionError('systemmessages', 'mode', `one of ${SYSTEM_MESSAGE_PLACEMENTS.join(', ')}`);
    }
    return { systemMessages: mode as SystemMessagePlacement };
  },
};
