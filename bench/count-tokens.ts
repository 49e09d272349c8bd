/**
 * How long routing's token count takes on a Claude Code-sized request, first and repeated:
 * `bun bench/count-tokens.ts`. The first count includes building the cl100k encoder.
 */
import { countRequestTokens } from '../src/tokens/count';
import { largeAnthropicRequest } from './large-request';

const text = JSON.stringify(largeAnthropicRequest('m', false));
// A fresh parse each time, as each request arrives: the cache must work on equal text, not on the same objects.
const parse = () => JSON.parse(text) as Parameters<typeof countRequestTokens>[0];

let started = performance.now();
const tokens = countRequestTokens(parse());
const firstMs = performance.now() - started;
const repeated: number[] = [];
for (let i = 0; i < 51; i++) {
  const request = parse();
  started = performance.now();
  countRequestTokens(request);
  repeated.push(performance.now() - started);
}
repeated.sort((a, b) => a - b);
console.log(`${(text.length / 1024).toFixed(0)} KB request, ${tokens} tokens: first count ${firstMs.toFixed(1)} ms (encoder build included), repeated p50 ${repeated[25].toFixed(3)} ms`);
