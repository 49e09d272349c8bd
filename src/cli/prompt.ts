/**
 * Questions asked on standard input, one line per answer: typed at a terminal, or piped in by a
 * script or a test (`printf 'deepseek\n$DEEPSEEK_API_KEY\n\n' | ccr setup`). Questions go to
 * standard error, so a command's standard output stays its result.
 */
import { createInterface } from 'node:readline';
import { CliError } from './errors';

export interface Prompter {
  /** The answer, trimmed; `fallback` for an empty one. */
  ask(question: string, fallback?: string): Promise<string>;
  /** One of `choices`, by number or by name. */
  choose(question: string, choices: readonly string[], fallback?: string): Promise<string>;
  close(): void;
}

export function createPrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Prompter {
  const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
  const ask = async (question: string, fallback?: string) => {
    output.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
    const next = await lines.next();
    if (next.done) {
      output.write('\n');
      if (fallback !== undefined) return fallback;
      throw new CliError(`no answer to "${question}": standard input ended`);
    }
    const answer = String(next.value).trim();
    return answer === '' && fallback !== undefined ? fallback : answer;
  };
  return {
    ask,
    async choose(question, choices, fallback) {
      choices.forEach((choice, index) => output.write(`  ${String(index + 1).padStart(2)}) ${choice}\n`));
      for (let attempt = 0; attempt < 3; attempt++) {
        const answer = await ask(question, fallback);
        const byNumber = /^\d+$/.test(answer) ? choices[Number(answer) - 1] : undefined;
        const byName = choices.find((choice) => choice.toLowerCase() === answer.toLowerCase());
        if (byNumber ?? byName) return (byNumber ?? byName)!;
        output.write(`"${answer}" is not one of the choices: answer with a number from 1 to ${choices.length}, or a name.\n`);
      }
      throw new CliError(`no valid answer to "${question}"`);
    },
    close() {
      void lines.return?.();
      if ('pause' in input && typeof input.pause === 'function') input.pause();
    },
  };
}
