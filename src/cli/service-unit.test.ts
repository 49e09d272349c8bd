import { expect, test } from 'bun:test';
import { launchdPlist, systemdQuote, systemdUnit } from './service-unit';

const input = {
  command: ['/usr/bin/node', '/opt/ccr/bin/ccr.js', 'start', '--config', '/home/ann/my configs/100%.json'],
  home: '/home/ann',
  path: '/usr/bin:/bin',
  logFile: '/home/ann/.claude-code-router/logs/login-service.log',
};

test('the systemd user unit runs ccr start in the foreground, restarts it on failure, starts at login', () => {
  expect(systemdUnit(input)).toBe(`[Unit]
Description=ccr: Claude Code router
Documentation=https://www.npmjs.com/package/ccr

[Service]
Type=simple
ExecStart=/usr/bin/node /opt/ccr/bin/ccr.js start --config "/home/ann/my configs/100%%.json"
WorkingDirectory=%h
Environment=PATH=/usr/bin:/bin
Restart=on-failure
RestartSec=5

[Install]
WantedBy=default.target
`);
});

test('ExecStart words: spaces and quotes quoted, % and $ doubled as systemd expands them', () => {
  expect(systemdQuote('plain/path-1.json')).toBe('plain/path-1.json');
  expect(systemdQuote('a b')).toBe('"a b"');
  expect(systemdQuote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  expect(systemdQuote('$HOME%')).toBe('"$$HOME%%"');
});

test('the launchd agent: the same command, at load, kept alive unless it exits cleanly, XML escaped', () => {
  const plist = launchdPlist({ ...input, command: [...input.command.slice(0, 3), '--host', 'a&b'] });
  expect(plist).toContain('<key>Label</key>\n    <string>dev.ccr.router</string>');
  expect(plist).toContain('<string>/usr/bin/node</string>\n      <string>/opt/ccr/bin/ccr.js</string>\n      <string>start</string>\n      <string>--host</string>\n      <string>a&amp;b</string>');
  expect(plist).toContain('<key>RunAtLoad</key>\n    <true/>');
  expect(plist).toContain('<key>KeepAlive</key>\n    <dict>\n      <key>SuccessfulExit</key>\n      <false/>');
  expect(plist).toContain('<key>StandardOutPath</key>\n    <string>/home/ann/.claude-code-router/logs/login-service.log</string>');
});
