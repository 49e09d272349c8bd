/** Ids shaped like Anthropic's (`msg_01…`, `toolu_01…`): clients only need them unique. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateId(prefix: 'msg' | 'toolu'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  let id = `${prefix}_01`;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
