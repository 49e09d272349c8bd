import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomTool } from '../anthropic/types';
import { cleanToolParameters } from './clean-schema';

const corpus: CustomTool[] = JSON.parse(readFileSync(join(import.meta.dir, '../../../test/fixtures/gemini/tool-schemas.json'), 'utf8'));

/** Every keyword Gemini's Schema knows; anything else in a cleaned schema would earn a 400. */
const GEMINI_KEYWORDS = new Set([
  'type', 'format', 'description', 'nullable', 'enum', 'items', 'properties', 'required', 'anyOf',
  'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'minProperties', 'maxProperties',
]);
const FORBIDDEN = ['$schema', '$id', '$ref', '$defs', 'definitions', 'additionalProperties', 'default', 'examples', 'exclusiveMinimum',
  'exclusiveMaximum', 'propertyNames', 'const', 'oneOf', 'allOf', 'pattern', 'title', 'uniqueItems', 'contains', 'prefixItems',
  'patternProperties', 'if', 'then', 'not', '$comment', 'deprecated', 'readOnly'];

/** Walks schema positions only (property names are data, not keywords). */
function violations(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [`${path}: not an object`];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (!GEMINI_KEYWORDS.has(key)) found.push(`${path}.${key}`);
    if (key === 'properties') for (const [name, sub] of Object.entries(value as object)) found.push(...violations(sub, `${path}.properties.${name}`));
    if (key === 'items') found.push(...violations(value, `${path}.items`));
    if (key === 'anyOf') (value as unknown[]).forEach((sub, i) => found.push(...violations(sub, `${path}.anyOf[${i}]`)));
    if (key === 'format' && !['enum', 'date-time', 'float', 'double', 'int32', 'int64'].includes(value as string)) found.push(`${path}.format=${value}`);
    if (key === 'type' && typeof value !== 'string') found.push(`${path}.type is not a string`);
    if (key === 'enum' && !(value as unknown[]).every((v) => typeof v === 'string')) found.push(`${path}.enum has a non-string`);
  }
  if ((schema as { type?: string }).type === 'array' && !('items' in schema)) found.push(`${path}: array without items`);
  return found;
}

describe('cleanToolParameters on the Claude Code + MCP corpus', () => {
  test('the corpus covers Claude Code\'s own tools', () => {
    const names = corpus.map((tool) => tool.name);
    for (const name of ['Bash', 'Read', 'Edit', 'MultiEdit', 'Write', 'Glob', 'Grep', 'LS', 'WebFetch', 'WebSearch', 'TodoWrite', 'Task', 'NotebookEdit', 'ExitPlanMode']) {
      expect(names).toContain(name);
    }
  });

  for (const tool of corpus) {
    test(`${tool.name}: no keyword Gemini refuses, anywhere`, () => {
      const cleaned = cleanToolParameters(tool.input_schema);
      if (cleaned === undefined) return;
      expect(violations(cleaned)).toEqual([]);
      const text = JSON.stringify(cleaned);
      for (const keyword of ['$schema', '$ref', '$defs', 'additionalProperties', 'exclusiveM', 'propertyNames', '"const"', '"default"']) {
        expect(text).not.toContain(keyword);
      }
    });
  }

  test('forbidden keywords do appear in the corpus (the test above can fail)', () => {
    const text = JSON.stringify(corpus);
    for (const keyword of FORBIDDEN) expect(text).toContain(`"${keyword}"`);
  });
});

describe('cleanToolParameters mappings', () => {
  const fetchTool = corpus.find((tool) => tool.name === 'mcp__fetch__fetch')!;
  const dbTool = corpus.find((tool) => tool.name === 'mcp__db__query')!;
  const github = corpus.find((tool) => tool.name === 'mcp__github__create_issue')!;
  const cleanedFetch = cleanToolParameters(fetchTool.input_schema)!;
  const cleanedDb = cleanToolParameters(dbTool.input_schema)!;

  test('anyOf [X, null] becomes X with nullable', () => {
    expect(cleanToolParameters(github.input_schema)!.properties!.milestone).toEqual({ type: 'number', nullable: true, description: 'Milestone number' });
  });

  test('type ["string","null"] becomes string + nullable, date-time format kept', () => {
    expect(cleanedFetch.properties!.since).toEqual({ type: 'string', nullable: true, format: 'date-time', description: 'Only content changed since' });
  });

  test('const becomes a one-value enum; oneOf of consts becomes anyOf of enums', () => {
    expect(cleanToolParameters(github.input_schema)!.properties!.state).toEqual({ type: 'string', enum: ['open'], description: '(default: "open")' });
    expect(cleanedFetch.properties!.mode.anyOf).toEqual([{ type: 'string', enum: ['markdown'] }, { type: 'string', enum: ['html'] }]);
  });

  test('required is filtered to properties that exist', () => {
    expect(cleanToolParameters(github.input_schema)!.required).toEqual(['owner', 'repo', 'title']);
  });

  test('unsupported string format is dropped but kept as a hint; exclusive bounds become inclusive', () => {
    expect(cleanedFetch.properties!.url).toEqual({ type: 'string', description: 'URL to fetch (format: uri)', minLength: 1 });
    expect(cleanedFetch.properties!.max_length).toMatchObject({ type: 'integer', minimum: 0, maximum: 1000000 });
  });

  test('local $ref is inlined; a recursive $ref is cut to a described object', () => {
    const filter = cleanedDb.properties!.filter;
    expect(filter.properties!.op).toEqual({ type: 'string', enum: ['eq', 'lt', 'gt'] });
    expect(filter.required).toEqual(['field', 'op']);
    expect(filter.properties!.and.items).toEqual({ type: 'object', description: 'JSON object (Filter, not expanded)' });
  });

  test('allOf with one $ref member is merged; remote $ref becomes a described object', () => {
    expect(cleanedDb.properties!.sort.properties!.by).toEqual({ type: 'string' });
    expect(cleanedDb.properties!.remote).toEqual({ type: 'object', description: 'JSON object (remote.json, not expanded)' });
  });

  test('non-Gemini integer format dropped; numeric enum becomes string enum', () => {
    expect(cleanedDb.properties!.limit).toEqual({ type: 'integer', minimum: 1, maximum: 1000, description: '(format: uint32) (default: 100)' });
    expect(cleanedDb.properties!.mode).toEqual({ type: 'string', enum: ['1', '2', '3'], description: 'Numeric mode' });
  });

  test('multi-type becomes anyOf; prefixItems gives an array its items', () => {
    expect(cleanedDb.properties!.filter.properties!.value).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] });
    expect(cleanedDb.properties!.tags).toEqual({ type: 'array', items: { type: 'string' } });
  });

  test('draft-07 definitions are inlined; email format becomes a hint', () => {
    const calendar = cleanToolParameters(corpus.find((tool) => tool.name === 'mcp__calendar__create_event')!.input_schema)!;
    expect(calendar.properties!.attendees.items).toEqual({
      type: 'object',
      properties: { email: { type: 'string', description: '(format: email)' }, optional: { type: 'boolean', description: '(default: false)' } },
      required: ['email'],
    });
    expect(calendar.properties!.start).toEqual({ type: 'string', format: 'date-time' });
  });

  test('a tool without parameters sends no parameters (Gemini refuses an empty OBJECT)', () => {
    expect(cleanToolParameters(corpus.find((tool) => tool.name === 'mcp__time__now')!.input_schema)).toBeUndefined();
  });

  test('nested objects and arrays survive', () => {
    const multiEdit = cleanToolParameters(corpus.find((tool) => tool.name === 'MultiEdit')!.input_schema)!;
    expect(multiEdit.properties!.edits).toEqual({
      type: 'array',
      description: 'Array of edit operations to perform sequentially on the file',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          old_string: { type: 'string', description: 'The text to replace' },
          new_string: { type: 'string', description: 'The text to replace it with' },
          replace_all: { type: 'boolean', description: 'Replace all occurences of old_string (default false). (default: false)' },
        },
        required: ['old_string', 'new_string'],
      },
    });
  });
});
