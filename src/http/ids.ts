/** Ids shaped like Anthropic's (`msg_01…`, `toolu_01…`): clients only need them unique. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 22;

export function generateId(prefix: 'msg' | 'toolu'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH));
  let id = `${prefix}_01`;
  // An index loop: the array iterator of for…of cost more than the random bytes on every response.
  for (let i = 0; i < ID_LENGTH; i++) id += ALPHABET[bytes[i] % ALPHABET.length];
  return id;
}
