/** Ids shaped like Anthropic's (`msg_01…`, `toolu_01…`): clients only need them unique. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 22;

/** Random bytes drawn a few kilobytes at a time: one call into the random source per ~180 ids, no array per id. */
const pool = new Uint8Array(4096);
let used = pool.length;

export function generateId(prefix: 'msg' | 'toolu'): string {
  if (used + ID_LENGTH > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let id = `${prefix}_01`;
  // An index loop: the array iterator of for…of cost more than the random bytes on every response.
  for (let i = used; i < used + ID_LENGTH; i++) id += ALPHABET[pool[i] % ALPHABET.length];
  used += ID_LENGTH;
  return id;
}
