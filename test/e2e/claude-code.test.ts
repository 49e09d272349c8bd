/**
 * The real Claude Code (the pinned @anthropic-ai/claude-code, installed on first run into .cache/)
 * runs headless through ccr against a fake upstream of each dialect that plays a tool loop in the
 * provider's exact bytes: the model writes a file with non-ASCII content, reads it back with Bash,
 * then answers, after a first call the provider refuses with a 429. Claude Code is the judge: it must finish without an error, and the file must be
 * byte for byte what the model wrote.
 */
import { beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'bun';
import { CLAUDE_CODE_VERSION, claudeEnv, claudeWorkspace, headlessArgs, installClaudeCode, runClaude } from '../support/claude-code';
import { buildTestApp } from '../support/ccr-app';
import { anthropicRuleViolations, codeWhispererRuleViolations, geminiRuleViolations, openAIRuleViolations } from '../support/provider-rules';
import { startScriptedUpstream, type FakeDialect, type ScriptedUpstream } from '../support/scripted-model';
import { TOOL_LOOP_ANSWER, TOOL_LOOP_CONTENT, TOOL_LOOP_FILE, TOOL_LOOP_PROMPT, toolLoopScript } from '../claude-code/tool-loop';

/** Installing is a one-time download of ~100 MB; a run of claude takes about a second. */
const INSTALL_TIMEOUT_MS = 240_000;
const RUN_TIMEOUT_MS = 60_000;

let binary: string;
beforeAll(async () => {
  binary = await installClaudeCode();
}, INSTALL_TIMEOUT_MS);

/** How a user would configure each provider, and how its endpoint reads `api_base_url`. */
function providerFor(dialect: FakeDialect, url: string) {
  switch (dialect) {
    case 'openai':
      return { name: 'openai', api_base_url: `${url}/v1/chat/completions`, api_key: 'sk-openai', models: ['gpt-4.1'], transformer: { use: ['openai'] } };
    case 'deepseek':
      return { name: 'deepseek', api_base_url: `${url}/chat/completions`, api_key: 'sk-deepseek', models: ['deepseek-reasoner'], transformer: { use: ['deepseek'] } };
    case 'openrouter':
      return { name: 'openrouter', api_base_url: `${url}/api/v1/chat/completions`, api_key: 'sk-or', models: ['deepseek/deepseek-r1'], transformer: { use: ['openrouter'] } };
    case 'gemini':
      return { name: 'gemini', api_base_url: `${url}/v1beta/models/`, api_key: 'AIza-test', models: ['gemini-2.5-pro'], transformer: { use: ['gemini'] } };
    case 'anthropic':
      // Anthropic itself keeps system messages in place; the fake's host is not anthropic.com, so say so.
      return { name: 'anthropic', api_base_url: `${url}/v1/messages`, api_key: 'sk-ant', models: ['claude-opus-4-8'], transformer: { use: [['systemmessages', { mode: 'keep' }]] } };
    case 'kiro':
      return {
        name: 'kiro',
        api_base_url: `${url}/generateAssistantResponse`,
        models: ['claude-sonnet-4.5'],
        transformer: { use: ['kiro'] },
        authentication: { type: 'bearer', credentials: { token: 'kiro-access-token' } },
      };
  }
}

/** The provider's own 429 body, as each documents it. */
const RATE_LIMITED: Record<FakeDialect, unknown> = {
  openai: { error: { message: 'Rate limit reached for gpt-4.1 on requests per min (RPM): Limit 3, Used 3, Requested 1.', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
  deepseek: { error: { message: 'Rate limit reached', type: 'rate_limit_reached_error', param: null, code: 'rate_limit_reached' } },
  openrouter: { error: { message: 'Rate limit exceeded: free-models-per-min.', code: 429, metadata: { headers: { 'X-RateLimit-Limit': '20' } } } },
  gemini: { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } },
  anthropic: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } },
  kiro: { __type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
};

/** ccr serving the test app on a real port, routing Claude Code's default model to `dialect`'s provider. */
async function startCcr(dialect: FakeDialect, upstream: ScriptedUpstream): Promise<{ url: string; server: Server<undefined> }> {
  const provider = providerFor(dialect, upstream.url);
  const { app } = await buildTestApp({ Providers: [provider], Router: { default: `${provider.name},${provider.models[0]}` } });
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, fetch: (request) => app.handle(request) });
  return { url: `http://127.0.0.1:${server.port}`, server };
}

async function runToolLoop(dialect: FakeDialect, options: { failFirst?: boolean } = {}) {
  const workspace = claudeWorkspace();
  const file = join(workspace.project, TOOL_LOOP_FILE);
  const upstream = startScriptedUpstream(dialect, toolLoopScript(file), {
    failFirst: options.failFirst ? { status: 429, headers: { 'retry-after': '1' }, json: RATE_LIMITED[dialect] } : undefined,
  });
  const ccr = await startCcr(dialect, upstream);
  try {
    const run = await runClaude({
      binary,
      cwd: workspace.project,
      home: workspace.home,
      args: headlessArgs(TOOL_LOOP_PROMPT),
      env: { ANTHROPIC_BASE_URL: ccr.url, ANTHROPIC_API_KEY: 'sk-ant-through-ccr' },
      timeoutMs: RUN_TIMEOUT_MS - 5_000,
    });
    let written: string | undefined;
    try {
      written = readFileSync(file, 'utf8');
    } catch {
      written = undefined;
    }
    return { run, written, turns: upstream.turns() };
  } finally {
    ccr.server.stop(true);
    upstream.stop();
    workspace.cleanup();
  }
}

/** What each upstream must have been sent, per the README's table of system-message placements. */
function checkUpstreamBodies(dialect: FakeDialect, bodies: Array<Record<string, any>>): void {
  for (const body of bodies) {
    switch (dialect) {
      case 'openai':
        expect(openAIRuleViolations(body)).toEqual([]);
        // OpenAI takes system messages anywhere: the environment block stays one, after the first turn.
        expect(body.messages.slice(1).some((message: { role: string; content: string }) => message.role === 'system' && message.content.includes('# Environment'))).toBe(true);
        break;
      case 'deepseek':
      case 'openrouter':
        expect(openAIRuleViolations(body, { systemOnlyFirst: true })).toEqual([]);
        expect(JSON.stringify(body.messages.filter((message: { role: string }) => message.role === 'user'))).toContain('<system-reminder>\\n# Environment');
        break;
      case 'gemini':
        expect(geminiRuleViolations(body)).toEqual([]);
        expect(JSON.stringify(body.contents)).toContain('<system-reminder>\\n# Environment');
        break;
      case 'anthropic':
        expect(anthropicRuleViolations(body, { systemMessages: true })).toEqual([]);
        expect(body.messages.some((message: { role: string }) => message.role === 'system')).toBe(true);
        break;
      case 'kiro':
        expect(codeWhispererRuleViolations(body)).toEqual([]);
        expect(JSON.stringify(body.conversationState)).toContain('<system-reminder>\\n# Environment');
        break;
    }
  }
}

describe(`Claude Code ${CLAUDE_CODE_VERSION} through ccr`, () => {
  // One run per dialect (each start of the real binary costs about a second of CPU): the provider
  // refuses the first call with its own 429, Claude Code retries, then the whole loop plays. The
  // runs go side by side: most of a run is Claude Code waiting out the retry-after.
  test.concurrent.each(['openai', 'deepseek', 'openrouter', 'gemini', 'anthropic', 'kiro'] as const)(
    "to %s: a tool loop after the provider's 429: Write with non-ASCII content, then Bash, then an answer",
    async (dialect) => {
      const { run, written, turns } = await runToolLoop(dialect, { failFirst: true });
      expect(run.timedOut).toBe(false);
      expect({ exitCode: run.exitCode, isError: run.result?.is_error, result: run.result?.result }).toEqual({ exitCode: 0, isError: false, result: TOOL_LOOP_ANSWER });
      expect(written).toBe(TOOL_LOOP_CONTENT);
      // The refused attempt, then the three turns.
      expect(turns.length).toBeGreaterThanOrEqual(4);
      // What was refused was the conversation's first turn (its tools offered), and Claude Code sent it again.
      expect(JSON.stringify(turns[0].body)).toContain('"Write"');
      // (Kiro's conversationId is fresh for every call, as its own clients make it.)
      const resent = (body: unknown) => JSON.stringify(body).replace(/"conversationId":"[^"]*"/, '');
      expect(resent(turns[1].body)).toBe(resent(turns[0].body));
      // The second tool's result reached the model: the file's content, read back by Bash.
      expect(JSON.stringify(turns.at(-1)!.body)).toContain(JSON.stringify(TOOL_LOOP_CONTENT.trim()).slice(1, -1));
      checkUpstreamBodies(dialect, turns.map((turn) => turn.body));
    },
    RUN_TIMEOUT_MS,
  );
});


test(
  '`ccr code -p …` starts ccr in the background and runs the real Claude Code through it',
  async () => {
    const workspace = claudeWorkspace();
    const file = join(workspace.project, TOOL_LOOP_FILE);
    const upstream = startScriptedUpstream('openai', toolLoopScript(file));
    const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
    const port = String(probe.port);
    probe.stop(true);
    const config = join(workspace.home, 'ccr-config.json');
    writeFileSync(config, JSON.stringify({ Providers: [providerFor('openai', upstream.url)], Router: { default: 'openai,gpt-4.1' } }));
    const env = claudeEnv(workspace.home, { CONFIG_PATH: config, PORT: port, CLAUDE_PATH: binary, CCR_FROM_SOURCE: '1' });
    const ccr = (...args: string[]) =>
      Bun.spawn(['node', join(import.meta.dir, '../../bin/ccr.js'), ...args], { cwd: workspace.project, env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
    try {
      const code = ccr('code', ...headlessArgs(TOOL_LOOP_PROMPT));
      const [stdout, stderr, exitCode] = await Promise.all([new Response(code.stdout).text(), new Response(code.stderr).text(), code.exited]);
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect({ exitCode, isError: result.is_error, result: result.result }).toEqual({ exitCode: 0, isError: false, result: TOOL_LOOP_ANSWER });
      expect(readFileSync(file, 'utf8')).toBe(TOOL_LOOP_CONTENT);
      // Claude Code reached the fake provider through the ccr it started, with ccr's key scheme.
      expect(upstream.turns().length).toBeGreaterThanOrEqual(3);
      expect(stderr).not.toContain('did not come up');
      // Started by `ccr code` alone: it stopped when Claude Code exited (reference counted).
      expect(await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false)).toBe(false);
      expect(existsSync(join(workspace.home, '.claude-code-router', 'service', 'service.json'))).toBe(false);
    } finally {
      await ccr('stop').exited;
      upstream.stop();
      workspace.cleanup();
    }
  },
  RUN_TIMEOUT_MS,
);
