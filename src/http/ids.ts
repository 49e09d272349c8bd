/** Ids shaped like Anthropic's (`msg_01…`, `toolu_01…`): clients only need them unique. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
const ID_LENGTH = 22;

/** Random bytes drawn a few kilobytes at a time: one call into the random source per ~180 ids, no array per id. */
const pool = new Uint8Array(4096);
let used = pool.length;
/**
 * The id's characters are written here and read out as one string: appending them one by one made
 * a rope of 22 links, 0.7 KB of garbage for every response, a tenth of what a request allocated.
 */
const chars = Buffer.alloc(ID_LENGTH);

export function generateId(prefix: 'msg' | 'toolu'): string {
  if (used + ID_LENGTH > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  for (let i = 0; i < ID_LENGTH; i++) chars[i] = ALPHABET_CODES[pool[used + i] % ALPHABET_CODES.length];
  used += ID_LENGTH;
  return `${prefix}_01${chars.toString('latin1')}`;
}
