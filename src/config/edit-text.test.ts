import { describe, expect, test } from 'bun:test';
import { editConfigText } from './edit-text';

const JSONC = `{
  // Where Claude Code's requests go
  "APIKEY": "$CCR_KEY", // clients send it
  "Providers": [
    {
      "name": "deepseek",
      "api_base_url": "https://api.deepseek.com/chat/completions",
      "models": ["deepseek-chat"], // the cheap one
    },
  ],
  /* routes */
  "Router": { "default": "deepseek,deepseek-chat" },
  "CLAUDE_PATH": "/usr/local/bin/claude"
}
`;

const parsed = () => Bun.JSONC.parse(JSONC) as Record<string, any>;

describe('editConfigText', () => {
  test('a changed value is edited in place: comments, trailing commas and unknown keys stay', () => {
    const next = parsed();
    next.Router.default = 'deepseek,deepseek-reasoner';
    next.Providers[0].models.push('deepseek-reasoner');
    const { text, formattingKept } = editConfigText(JSONC, next);
    expect(formattingKept).toBe(true);
    expect(Bun.JSONC.parse(text)).toEqual(next);
    for (const comment of ["// Where Claude Code's requests go", '// clients send it', '// the cheap one', '/* routes */']) expect(text).toContain(comment);
    expect(text).toContain('"CLAUDE_PATH": "/usr/local/bin/claude"');
  });

  test('keys added and removed, a provider added and one removed', () => {
    const next = parsed();
    delete next.CLAUDE_PATH;
    next.LOG = true;
    next.Providers.push({ name: 'groq', api_base_url: 'https://api.groq.com/openai/v1/chat/completions' });
    let { text } = editConfigText(JSONC, next);
    expect(Bun.JSONC.parse(text)).toEqual(next);
    expect(text).toContain('/* routes */');

    next.Providers.splice(0, 1);
    ({ text } = editConfigText(JSONC, next));
    expect(Bun.JSONC.parse(text)).toEqual(next);
    expect(text).toContain('// Where Claude Code');
  });

  test('an unchanged value leaves the text byte for byte', () => {
    expect(editConfigText(JSONC, parsed())).toEqual({ text: JSONC, formattingKept: true });
  });

  test('new lines follow the file: tabs and CRLF', () => {
    const original = '{\r\n\t"PORT": 3456\r\n}\r\n';
    const { text } = editConfigText(original, { PORT: 3456, Router: { default: 'a,b' } });
    expect(text).toContain('\r\n\t"Router": {\r\n\t\t"default": "a,b"\r\n\t}');
  });

  test('no previous file, or one that is not JSON: written anew, two-space JSON', () => {
    expect(editConfigText(undefined, { PORT: 1 })).toEqual({ text: '{\n  "PORT": 1\n}\n', formattingKept: false });
    expect(editConfigText('{ "PORT": ', { PORT: 1 })).toEqual({ text: '{\n  "PORT": 1\n}\n', formattingKept: false });
  });

  test('a file whose edits would not give the value asked for (duplicate keys) is written anew', () => {
    const { text, formattingKept } = editConfigText('{ "PORT": 1, "PORT": 2 }', { PORT: 3 });
    expect(JSON.parse(text)).toEqual({ PORT: 3 });
    expect(typeof formattingKept).toBe('boolean');
  });

  test('a root that is not an object is replaced', () => {
    const { text } = editConfigText('[1, 2]', { PORT: 1 });
    expect(JSON.parse(text)).toEqual({ PORT: 1 });
  });
});
