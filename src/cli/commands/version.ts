import pkg from '../../../package.json' with { type: 'json' };
import { parseCommandArgs } from '../args';
import { printJson } from '../output';

export const help = `Usage: ccr version [--json]     (also ccr -v, ccr --version)

Prints ccr's version, from its package.json.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  if (values.json) printJson({ version: pkg.version });
  else console.log(pkg.version);
  return 0;
}
