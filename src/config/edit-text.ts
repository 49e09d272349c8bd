/**
 * A new config value written as edits to the file's own text, so that a JSONC file keeps its
 * comments, key order, indentation and trailing commas through `POST /api/config`: only the values
 * that changed are rewritten (jsonc-parser's `modify`, the library VS Code edits settings.json with).
 * Pure.
 * @see https://github.com/microsoft/node-jsonc-parser#api
 */
import { applyEdits, modify, parse, type FormattingOptions, type JSONPath, type ParseError } from 'jsonc-parser';

export interface ConfigText {
  text: string;
  /** True when `text` is the original with the changes edited in (comments and layout kept); false when written anew. */
  formattingKept: boolean;
}

export function editConfigText(original: string | undefined, next: unknown): ConfigText {
  const fresh = { text: `${JSON.stringify(next, null, 2)}\n`, formattingKept: false };
  if (original === undefined) return fresh;
  const errors: ParseError[] = [];
  const before: unknown = parse(original, errors, { allowTrailingComma: true });
  if (errors.length > 0) return fresh;

  const edited = editValue(original, [], before, next, formattingOf(original));
  // Duplicate keys or other oddities of the original could make the edits miss: never write
  // anything but the value asked for.
  const check: ParseError[] = [];
  const result: unknown = parse(edited, check, { allowTrailingComma: true });
  return check.length === 0 && Bun.deepEquals(result, next, true) ? { text: edited, formattingKept: true } : fresh;
}

function editValue(text: string, path: JSONPath, before: unknown, after: unknown, formatting: FormattingOptions): string {
  if (Bun.deepEquals(before, after, true)) return text;
  const set = (at: JSONPath, value: unknown, isArrayInsertion = false) =>
    applyEdits(text, modify(text, at, value, { formattingOptions: formatting, isArrayInsertion }));

  if (isRecord(before) && isRecord(after)) {
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) text = set([...path, key], undefined);
    for (const [key, value] of Object.entries(after)) {
      text = Object.hasOwn(before, key) ? editValue(text, [...path, key], before[key], value, formatting) : set([...path, key], value);
    }
    return text;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let index = 0; index < common; index++) text = editValue(text, [...path, index], before[index], after[index], formatting);
    for (let index = before.length - 1; index >= after.length; index--) text = set([...path, index], undefined);
    for (let index = before.length; index < after.length; index++) text = set([...path, index], after[index], true);
    return text;
  }
  return set(path, after);
}

/** New lines are indented as the file already is: tabs or its number of spaces, and its line ending. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
