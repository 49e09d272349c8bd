import { describe, expect, test } from 'bun:test';
import type { StreamEvent } from '../dialects/anthropic/types';
import { composeChain } from './chain';
import { transformerContext } from './test-context';
import type { StreamHooks, TransformerHooks } from './types';

const text = (index: number, value: string): StreamEvent => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: value } });
const textOf = (events: readonly StreamEvent[]) =>
  events.map((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : event.type));

/** A stream stage that suffixes every text delta with `tag`. */
const tagging = (tag: string): TransformerHooks => ({
  stream: () => ({
    event: (event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [{ ...event, delta: { ...event.delta, text: event.delta.text + tag } }] : [event]),
  }),
});

/** A stream stage that holds every text delta back until end(). */
const holding = (): TransformerHooks => ({
  stream: (): StreamHooks => {
    const held: StreamEvent[] = [];
    return {
      event: (event) => (event.type === 'content_block_delta' ? (held.push(event), []) : [event]),
      end: () => held.splice(0),
    };
  },
});

/** A stream stage that splits each delta in two. */
const splitting = (): TransformerHooks => ({
  stream: () => ({
    event: (event) =>
      event.type === 'content_block_delta' && event.delta.type === 'text_delta'
        ? [{ ...event, delta: { type: 'text_delta', text: `${event.delta.text}.1` } }, { ...event, delta: { type: 'text_delta', text: `${event.delta.text}.2` } }]
        : [event],
  }),
});

const streamOf = (...stages: TransformerHooks[]) => composeChain(stages.map((hooks, i) => ({ name: `stage${i}`, hooks }))).stream(transformerContext());

describe('composeChain stream hooks', () => {
  test('events pass through every stage in chain order', () => {
    const stream = streamOf(tagging('a'), tagging('b'));
    expect(textOf(stream.event(text(0, 'x')))).toEqual(['xab']);
  });

  test('a stage that emits several events feeds each to the next stage', () => {
    const stream = streamOf(splitting(), tagging('!'), splitting());
    expect(textOf(stream.event(text(0, 'x')))).toEqual(['x.1!.1', 'x.1!.2', 'x.2!.1', 'x.2!.2']);
  });

  test("what a stage flushes at end() passes through the later stages, not the earlier ones", () => {
    const stream = streamOf(tagging('<'), holding(), tagging('>'));
    expect(stream.event(text(0, 'x'))).toEqual([]);
    expect(textOf(stream.event({ type: 'message_stop' }))).toEqual(['message_stop']);
    expect(textOf(stream.end())).toEqual(['x<>']);
  });

  test('a stage with only end() does not see events, and flushes through later stages', () => {
    const flushOnly: TransformerHooks = { stream: () => ({ end: () => [text(0, 'late')] }) };
    const stream = streamOf(flushOnly, tagging('!'));
    expect(textOf(stream.event(text(0, 'x')))).toEqual(['x!']);
    expect(textOf(stream.end())).toEqual(['late!']);
  });

  test('chunk hooks run in order, each output chunk fed to the next', () => {
    const doubling: TransformerHooks = { stream: () => ({ chunk: (chunk) => [chunk, chunk] }) };
    const wrapping: TransformerHooks = { stream: () => ({ chunk: (chunk) => [{ wrapped: chunk }] }) };
    const stream = streamOf(doubling, wrapping);
    expect(stream.chunk(1)).toEqual([{ wrapped: 1 }, { wrapped: 1 }]);
    expect(stream.event(text(0, 'x'))).toEqual([text(0, 'x')]);
  });

  test('with no stream stage the hooks pass everything through', () => {
    const stream = streamOf();
    expect(stream.chunk('c')).toEqual(['c']);
    expect(stream.event(text(0, 'x'))).toEqual([text(0, 'x')]);
    expect(stream.end()).toEqual([]);
  });

  test('each response gets fresh stage state', () => {
    const chain = composeChain([{ name: 'hold', hooks: holding() }]);
    const first = chain.stream(transformerContext());
    first.event(text(0, 'first'));
    expect(chain.stream(transformerContext()).end()).toEqual([]);
    expect(textOf(first.end())).toEqual(['first']);
  });
});
