/**
 * The configuration API: `GET`/`POST /api/config`, `POST /api/config/backup`,
 * `GET /api/config/backups`, `POST /api/config/restore/:name`. Routes and their OpenAPI
 * descriptions; what each does is admin-config-actions.ts's.
 */
import { Elysia, t } from 'elysia';
import { Config } from '../config/schema';
import { createConfigActions, type AdminConfigOptions } from './admin-config-actions';
import { rawBodyPlugin } from './read-body';
import { parseJsonBody } from './validate-request';

export type { AdminConfigOptions } from './admin-config-actions';

const BackupInfo = t.Object({
  name: t.String({ examples: ['config.20260501T123456.789Z.json'] }),
  time: t.String({ description: 'When the backup was taken, ISO 8601', examples: ['2026-05-01T12:34:56.789Z'] }),
  size: t.Integer({ description: 'bytes' }),
});

const ConfigObject = t.Object({}, { additionalProperties: true, description: "The config, claude-code-router's format (see the request body of POST /api/config)" });

const ConfigView = t.Object({
  path: t.String({ description: 'The config file; where POST /api/config will write it when it does not exist yet' }),
  exists: t.Boolean({ description: 'false while ccr runs on its embedded default (no file)' }),
  config: ConfigObject,
  masked: t.Array(t.String(), { description: 'JSON paths of the values shown masked' }),
});

const ApplyResult = t.Object({
  path: t.String({ description: 'The file written' }),
  backup: t.Union([BackupInfo, t.Null()], { description: 'The copy of the file as it was; null when there was no file' }),
  restartRequired: t.Array(t.String(), { description: 'Config keys whose new value takes effect only after a restart: HOST, PORT, LOG, LOG_LEVEL, BODY_LIMIT_BYTES (when raised)' }),
  warnings: t.Array(t.String()),
  pruned: t.Array(t.String(), { description: 'Backups removed, oldest first past CONFIG_BACKUPS' }),
  formattingKept: t.Boolean({ description: "true when the file's own text was edited (comments, key order and indentation kept); false when written anew" }),
  restored: t.Optional(t.String({ description: 'The backup restored (restore only)' })),
});

const BackupResult = t.Object({ backup: BackupInfo, pruned: t.Array(t.String()) });
const BackupList = t.Object({
  dir: t.String({ description: 'The backup folder, `.backups` beside the config file' }),
  keep: t.Integer({ description: 'CONFIG_BACKUPS: how many are kept' }),
  backups: t.Array(BackupInfo, { description: 'Newest first' }),
});

const ErrorSchema = t.Object({
  type: t.Literal('error'),
  error: t.Object({
    type: t.String({ examples: ['invalid_request_error'] }),
    message: t.String(),
    problems: t.Optional(t.Array(t.String(), { description: 'Each problem with its JSON path (invalid config, code paths)' })),
  }),
});

const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ErrorSchema) });
const unauthorized = error('APIKEY is set and the request did not carry it');
const applyErrors = {
  400: error('Invalid config: every problem with its JSON path in `error.problems`; nothing written'),
  401: unauthorized,
  403: error('The config names a transformer module or CUSTOM_ROUTER_PATH the file on disk does not (permission_error); nothing written'),
  500: error('The file could not be written; the file on disk and the running config are unchanged'),
};

// The swagger plugin takes OpenAPI operation objects as `detail`; the casts keep Elysia's narrower type happy.
const doc = (detail: Record<string, unknown>) => ({ tags: ['Admin'], ...detail }) as Record<string, unknown>;

export function adminConfigPlugin(options: AdminConfigOptions) {
  const actions = createConfigActions(options);
  return new Elysia({ name: 'admin-config' })
    .use(rawBodyPlugin(() => options.getRuntime().settings.bodyLimitBytes))
    .get('/api/config', () => actions.read(), {
      response: ConfigView,
      detail: doc({
        summary: 'Show the config',
        description:
          'The config file as written: `$VAR` references as they are in the file, not resolved; every string under a key named like *key*, *token* or *secret* (provider keys, APIKEY) masked as `sk-a…9f3k`. Without a file, the embedded default and where POST will write.',
        responses: { 200: { description: 'The config', content: json(ConfigView) }, 401: unauthorized, 409: error('The file is not valid JSON(C)') },
      }),
    })
    // The body's raw text (read-body.ts), parsed here: Elysia's schema would drop the keys it does not name.
    .post('/api/config', ({ text }) => actions.update(parseJsonBody(text)), {
      parse: 'none',
      rawBody: true,
      response: ApplyResult,
      detail: doc({
        summary: 'Replace the config',
        description:
          'The whole config, as GET shows it once edited. Validated as at startup; masked values sent back unchanged keep the stored secrets; unknown keys are kept. The file is backed up to `.backups/`, written atomically, with its comments kept, and applied at once; `restartRequired` names what needs a restart. A transformer module or CUSTOM_ROUTER_PATH that the file on disk does not name is refused (403).',
        requestBody: { required: true, content: json(Config) },
        responses: { 200: { description: 'Written and applied', content: json(ApplyResult) }, ...applyErrors },
      }),
    })
    .post('/api/config/backup', () => actions.backup(), {
      response: BackupResult,
      detail: doc({
        summary: 'Back up the config',
        description: 'Copies the config file to `.backups/config.<timestamp>.json` beside it; backups past CONFIG_BACKUPS (default 20) are removed, oldest first.',
        responses: { 200: { description: 'The backup', content: json(BackupResult) }, 401: unauthorized, 404: error('No config file (ccr runs on its embedded default)') },
      }),
    })
    .get('/api/config/backups', () => actions.list(), {
      response: BackupList,
      detail: doc({
        summary: 'List config backups',
        description: 'Newest first.',
        responses: { 200: { description: 'The backups', content: json(BackupList) }, 401: unauthorized },
      }),
    })
    .post('/api/config/restore/:name', ({ params }) => actions.restore(params.name), {
      params: t.Object({ name: t.String({ description: 'A name GET /api/config/backups lists', examples: ['config.20260501T123456.789Z.json'] }) }),
      response: ApplyResult,
      detail: doc({
        summary: 'Restore a config backup',
        description: 'Checked like POST /api/config (including the code-path rule), then the current file is backed up and the backup written back byte for byte and applied.',
        responses: {
          200: { description: 'Restored and applied', content: json(ApplyResult) },
          ...applyErrors,
          400: error('Not a backup name, or an invalid config'),
          404: error('No backup of that name'),
        },
      }),
    });
}
