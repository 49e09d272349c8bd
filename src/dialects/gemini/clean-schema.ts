/**
 * Claude Code's tool schemas are JSON Schema (draft 7 / 2020-12, as zod-to-json-schema and MCP
 * servers write them); Gemini accepts only an OpenAPI 3.0 subset and answers 400 to any keyword
 * it does not know (`$schema`, `additionalProperties`, `const`, `$ref`, …). The cleaner is an
 * allowlist, so a keyword nobody anticipated is dropped rather than sent; what it can express
 * another way it rewrites (`const` → one-value enum, `["string","null"]` → nullable, local `$ref`
 * → inlined, `exclusiveMinimum` → `minimum`).
 * @see https://ai.google.dev/api/caching#Schema
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_declarations
 */
import type { JsonSchema } from '../anthropic/types';
import { isRecord } from '../read-json';
import type { GeminiSchema } from './types';

type GeminiType = NonNullable<GeminiSchema['type']>;

const TYPES: ReadonlySet<string> = new Set<GeminiType>(['string', 'number', 'integer', 'boolean', 'array', 'object']);

/** The only `format`s Gemini accepts per type; others are dropped (a hint in the description). */
const FORMATS: Record<GeminiType, ReadonlySet<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
  boolean: new Set(),
  array: new Set(),
  object: new Set(),
};

const NUMERIC_KEYWORDS = ['minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'minProperties', 'maxProperties'] as const;

/** How deep `$ref`s are inlined before a recursive schema is cut to a described `object`. */
const MAX_REF_DEPTH = 8;

interface CleanScope {
  /** The root schema, where `#/$defs/…` and `#/definitions/…` resolve. */
  root: JsonSchema;
  /** `$ref`s being inlined on the current path: a repeat is a cycle. */
  refs: readonly string[];
}

/**
 * Cleans a tool's `input_schema` for `functionDeclarations[].parameters`; undefined when the tool
 * takes no parameters (Gemini refuses `{type: OBJECT}` with empty `properties` there).
 */
export function cleanToolParameters(schema: JsonSchema | undefined): GeminiSchema | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const cleaned = cleanSchema(schema, { root: schema, refs: [] });
  if (cleaned.type === 'object' && (!cleaned.properties || Object.keys(cleaned.properties).length === 0)) return undefined;
  return cleaned;
}

function cleanSchema(schema: JsonSchema, scope: CleanScope): GeminiSchema {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref) return cleanRef(ref, schema, scope);

  const nullableFromAnyOf = splitNullable(schema.anyOf ?? schema.oneOf);
  if (nullableFromAnyOf) {
    const { nonNull } = nullableFromAnyOf;
    const rest = withoutKeys(schema, ['anyOf', 'oneOf']);
    if (nonNull.length === 1) {
      // `anyOf: [X, {type: null}]`, pydantic's Optional[X]: X itself, nullable.
      const merged = cleanSchema({ ...asSchema(nonNull[0]), ...pickDocs(rest) }, scope);
      return { ...merged, nullable: true };
    }
    return { ...cleanSchema({ ...rest, anyOf: nonNull }, scope), nullable: true };
  }

  const out: GeminiSchema = {};
  const { type, nullable } = readType(schema);
  if (type.length === 1) out.type = type[0];
  if (nullable) out.nullable = true;

  const description = describe(schema);
  if (description) out.description = description;

  const enumValues = readEnum(schema);
  if (enumValues) {
    // Gemini's enum is a list of strings on a STRING schema.
    out.type = 'string';
    out.enum = enumValues;
  }

  if (out.type && typeof schema.format === 'string' && FORMATS[out.type].has(schema.format)) out.format = schema.format;
  if (out.enum && out.format !== undefined && out.format !== 'enum') delete out.format;

  for (const key of NUMERIC_KEYWORDS) {
    const value = schema[key];
    if (typeof value === 'number') out[key] = value;
  }
  // Draft-6+ numeric exclusive bounds become inclusive ones: slightly looser, never a 400.
  if (typeof schema.exclusiveMinimum === 'number' && out.minimum === undefined) out.minimum = schema.exclusiveMinimum;
  if (typeof schema.exclusiveMaximum === 'number' && out.maximum === undefined) out.maximum = schema.exclusiveMaximum;

  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (properties) {
    out.properties = {};
    for (const [name, property] of Object.entries(properties)) out.properties[name] = cleanSchema(asSchema(property), scope);
    if (!out.type) out.type = 'object';
  }
  if (Array.isArray(schema.required) && out.properties) {
    const known = out.properties;
    const required = schema.required.filter((name): name is string => typeof name === 'string' && name in known);
    if (required.length > 0) out.required = required;
  }

  const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
  if (isRecord(items)) out.items = cleanSchema(items, scope);
  else if (out.type === 'array' && Array.isArray(schema.prefixItems) && isRecord(schema.prefixItems[0])) {
    out.items = cleanSchema(schema.prefixItems[0], scope);
  }
  if (out.items && !out.type) out.type = 'array';
  // Gemini requires `items` on an ARRAY.
  if (out.type === 'array' && !out.items) out.items = { type: 'string' };

  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union) && union.length > 0) {
    out.anyOf = union.map((member) => cleanSchema(asSchema(member), scope));
  } else if (type.length > 1) {
    // `type: ["string", "number"]`: one member per type.
    out.anyOf = type.map((member) => ({ type: member }));
  }

  if (Array.isArray(schema.allOf)) return mergeAllOf(out, schema.allOf, scope);
  return out;
}

function cleanRef(ref: string, schema: JsonSchema, scope: CleanScope): GeminiSchema {
  const target = resolveLocalRef(scope.root, ref);
  const docs = pickDocs(withoutKeys(schema, ['$ref']));
  if (!target || scope.refs.includes(ref) || scope.refs.length >= MAX_REF_DEPTH) {
    // Remote or recursive: Gemini cannot express it, so the model gets a described object.
    // The ref's last segment names the type without leaking `$defs` or a URL back into the schema.
    const name = ref.slice(ref.lastIndexOf('/') + 1) || ref;
    const description = [describe(docs), `JSON object (${name}, not expanded)`].filter(Boolean).join(' ');
    return { type: 'object', description };
  }
  return cleanSchema({ ...target, ...docs }, { root: scope.root, refs: [...scope.refs, ref] });
}

function resolveLocalRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return isRecord(node) ? node : undefined;
}

/** `allOf` members are merged into one schema: properties and required lists add up. */
function mergeAllOf(base: GeminiSchema, members: unknown[], scope: CleanScope): GeminiSchema {
  const out: GeminiSchema = { ...base };
  for (const member of members) {
    const cleaned = cleanSchema(asSchema(member), scope);
    if (cleaned.properties) {
      out.properties = { ...out.properties, ...cleaned.properties };
      out.type = 'object';
    }
    if (cleaned.required) out.required = [...new Set([...(out.required ?? []), ...cleaned.required])];
    if (!out.type && cleaned.type) out.type = cleaned.type;
    if (!out.description && cleaned.description) out.description = cleaned.description;
    if (!out.enum && cleaned.enum) out.enum = cleaned.enum;
    if (!out.items && cleaned.items) out.items = cleaned.items;
  }
  return out;
}

function readType(schema: JsonSchema): { type: GeminiType[]; nullable: boolean } {
  const raw = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const type = raw.filter((value): value is GeminiType => typeof value === 'string' && TYPES.has(value));
  return { type, nullable: raw.includes('null') || schema.nullable === true };
}

function readEnum(schema: JsonSchema): string[] | undefined {
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (!values) return undefined;
  const strings = values.filter((value) => value !== null).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return strings.length > 0 ? strings : undefined;
}

/**
 * The description, plus what the dropped keywords meant when a model benefits from knowing it
 * (a non-Gemini `format`, a `pattern`, a `default`).
 */
function describe(schema: JsonSchema): string | undefined {
  const notes: string[] = [];
  if (typeof schema.description === 'string' && schema.description) notes.push(schema.description);
  else if (typeof schema.title === 'string' && schema.title) notes.push(schema.title);
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const { type } = readType(schema);
  if (format && !(type.length === 1 && FORMATS[type[0]].has(format))) notes.push(`(format: ${format})`);
  if (typeof schema.pattern === 'string') notes.push(`(pattern: ${schema.pattern})`);
  if ('default' in schema && schema.default !== undefined) notes.push(`(default: ${JSON.stringify(schema.default)})`);
  return notes.length > 0 ? notes.join(' ') : undefined;
}

function splitNullable(union: unknown): { nonNull: unknown[] } | undefined {
  if (!Array.isArray(union)) return undefined;
  const nonNull = union.filter((member) => !(isRecord(member) && member.type === 'null'));
  if (nonNull.length === union.length || nonNull.length === 0) return undefined;
  return { nonNull };
}

/** Keywords that document a schema and survive being merged into the member they wrap. */
function pickDocs(schema: JsonSchema): JsonSchema {
  const docs: JsonSchema = {};
  for (const key of ['description', 'title', 'default'] as const) if (key in schema) docs[key] = schema[key];
  return docs;
}

function withoutKeys(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) if (!keys.includes(key)) out[key] = value;
  return out;
}

function asSchema(value: unknown): JsonSchema {
  return isRecord(value) ? value : {};
}
