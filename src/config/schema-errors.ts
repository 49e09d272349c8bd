/**
 * TypeBox's type errors as readable lines naming the config path. A union failure is explained by
 * the branch that got furthest into the value, or by listing what each branch expected, instead of
 * TypeBox's bare "Expected union value".
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ValueError } from '@sinclair/typebox/errors';
import { joinPath } from './interpolate';

export function schemaProblems(schema: TSchema, value: unknown): string[] {
  const problems = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    for (const leaf of explain(error)) problems.add(`${pointerToPath(leaf.path)}: ${leaf.message}`);
  }
  return [...problems];
}

interface Leaf {
  path: string;
  message: string;
}

function explain(error: ValueError): Leaf[] {
  const literals = literalOptions(error.schema);
  if (literals) return [{ path: error.path, message: `${describe(error.value)} is not one of ${literals.join(', ')}` }];
  if (error.errors.length === 0) {
    if (error.value !== undefined) return [{ path: error.path, message: lowerFirst(error.message) }];
    // A missing property comes with a "required" error and a type error for `undefined`: keep one.
    return /required/i.test(error.message) ? [{ path: error.path, message: 'is required' }] : [];
  }

  const branches = error.errors.map((iterator) => [...iterator].flatMap(explain));
  const deepest = Math.max(...branches.map((leaves) => Math.max(...leaves.map((leaf) => depth(leaf.path)))));
  // A branch that reached inside the value (an object route with a bad field) is what the user meant.
  if (deepest > depth(error.path)) {
    const best = branches.find((leaves) => leaves.some((leaf) => depth(leaf.path) === deepest))!;
    return best;
  }
  const expected = [...new Set(branches.flat().map((leaf) => leaf.message))];
  return [{ path: error.path, message: `${expected.join(', or ')} (got ${describe(error.value)})` }];
}

function literalOptions(schema: TSchema): string[] | undefined {
  const variants: unknown[] | undefined = (schema as { anyOf?: unknown[] }).anyOf;
  if (!variants || !variants.every(isLiteral)) return undefined;
  return variants.map((variant) => JSON.stringify(variant.const));
}

function isLiteral(schema: unknown): schema is { const: unknown } {
  return typeof schema === 'object' && schema !== null && 'const' in schema;
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length - 1;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `/Providers/0/transformer/deepseek-chat` → `Providers[0].transformer["deepseek-chat"]`. */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '(root)';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment);
  }
  return path;
}
