/** The workflow parses, and its `ccr` lines are commands ccr has; its setup line writes a config ccr validates. */
import { afterAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox } from '../../test/support/ccr-cli';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
const workflow = Bun.YAML.parse(readFileSync(join(import.meta.dir, 'claude-code.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const steps = workflow.jobs['claude-code'].steps;
const sandbox = createSandbox();
afterAll(() => sandbox.cleanup());

/** Single-quoted words as a POSIX shell reads them (what the workflow uses); enough for these lines. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]);
}

test('every ccr line names a command ccr has', async () => {
  const lines = steps.flatMap((step) => (step.run ?? '').split('\n')).filter((line) => line.trim().startsWith('ccr '));
  expect(lines.length).toBeGreaterThanOrEqual(6);
  const help = (await sandbox.run(['--help'])).out;
  for (const line of lines) expect(help).toContain(`\n  ${words(line)[1]} `);
});

test('the setup line writes a config that validates once its variables are set', async () => {
  const setup = steps.find((step) => step.name === 'Write the router config')!;
  const result = await sandbox.run(words(setup.run!).slice(1));
  expect(result.code).toBe(0);
  const validate = await sandbox.run(['config', 'validate', '--json'], { env: { DEEPSEEK_API_KEY: 'sk-test', CCR_KEY: 'k'.repeat(48) } });
  expect(JSON.parse(validate.out)).toMatchObject({ valid: true, problems: [], warnings: [] });
  const config = JSON.parse(readFileSync(join(sandbox.dataDir, 'config.json'), 'utf8'));
  expect(config).toMatchObject({ APIKEY: '$CCR_KEY', Providers: [{ name: 'deepseek', api_key: '$DEEPSEEK_API_KEY' }], Router: { default: 'deepseek,deepseek-chat' } });
});

test('the provider key reaches only the steps that start and test the router', () => {
  const withKey = steps.filter((step) => step.env?.DEEPSEEK_API_KEY).map((step) => step.name);
  expect(withKey).toEqual(['Start the router', 'Check the provider key']);
});
