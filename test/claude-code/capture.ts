/**
 * Records what the installed Claude Code sends, as fixtures for every dialect's converter tests:
 * `bun test/claude-code/capture.ts` (or `npm run capture:claude-code`). It runs `claude -p` headless
 * against a recording server that plays a tool loop (Write, then Bash, then an answer) in Anthropic's
 * own format, and stores each request under test/fixtures/claude-code/<version>/ with keys, machine
 * and account ids, session ids and temporary paths replaced by fixed values.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_CODE_VERSION, claudeWorkspace, headlessArgs, installClaudeCode, runClaude } from '../support/claude-code';
import { startScriptedUpstream } from '../support/scripted-model';
import { TOOL_LOOP_FILE, TOOL_LOOP_PROMPT, toolLoopScript } from './tool-loop';

const SESSION = '00000000-0000-4000-8000-000000000000';
const DEVICE = '0'.repeat(64);
const SECRET_HEADERS = new Set(['x-api-key', 'authorization']);

const binary = await installClaudeCode();
const workspace = claudeWorkspace();
const upstream = startScriptedUpstream('anthropic', toolLoopScript(join(workspace.project, TOOL_LOOP_FILE)));
try {
  const run = await runClaude({
    binary,
    cwd: workspace.project,
    home: workspace.home,
    args: headlessArgs(TOOL_LOOP_PROMPT),
    env: { ANTHROPIC_BASE_URL: upstream.url, ANTHROPIC_API_KEY: 'sk-ant-capture' },
  });
  if (run.exitCode !== 0 || run.result?.is_error) throw new Error(`claude failed (exit ${run.exitCode}): ${run.stdout}\n${run.stderr}`);
  const written = readFileSync(join(workspace.project, TOOL_LOOP_FILE), 'utf8');

  const folder = join(import.meta.dir, '../fixtures/claude-code', CLAUDE_CODE_VERSION);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const turns = upstream.turns();
  const sessionIds = new Set(turns.map((request) => request.headers['x-claude-code-session-id']).filter(Boolean));
  const redact = (text: string) => {
    let out = text.replaceAll(workspace.project, '/home/user/project').replaceAll(workspace.home, '/home/user');
    for (const id of sessionIds) out = out.replaceAll(id, SESSION);
    return out.replace(/\\"device_id\\":\\"[0-9a-f]+\\"/g, `\\"device_id\\":\\"${DEVICE}\\"`).replace(/\\"account_uuid\\":\\"[^"\\]*\\"/g, '\\"account_uuid\\":\\"\\"');
  };
  turns.forEach((request, i) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([name]) => name !== 'host' && name !== 'content-length')
        .map(([name, value]) => [name, SECRET_HEADERS.has(name) ? 'REDACTED' : value]),
    );
    const record = { method: request.method, path: request.path, headers, body: request.body };
    writeFileSync(join(folder, `tool-loop-${i + 1}.json`), `${redact(JSON.stringify(record, null, 2))}\n`);
  });
  console.log(`Claude Code ${CLAUDE_CODE_VERSION}: ${turns.length} requests recorded in ${folder}; the file it wrote holds ${JSON.stringify(written)}`);
} finally {
  upstream.stop();
  workspace.cleanup();
}
