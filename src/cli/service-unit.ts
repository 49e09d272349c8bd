/**
 * The login service's definition, as text: a systemd user unit (Linux) or a launchd agent
 * (macOS) that runs `ccr start` in the foreground at login. The init system restarts it if it
 * fails; a `ccr stop` (exit 0) is not undone. Pure.
 * @see https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html
 * @see https://www.freedesktop.org/software/systemd/man/latest/systemd.syntax.html (quoting)
 * @see https://developer.apple.com/library/archive/documentation/MacOSX/Conceptual/BPSystemStartup/Chapters/CreatingLaunchdJobs.html
 */
export const SYSTEMD_UNIT_NAME = 'ccr.service';
export const LAUNCHD_LABEL = 'dev.ccr.router';

export interface UnitInput {
  /** The program and its arguments: the launcher, the script, `start`, the options. */
  command: string[];
  home: string;
  /** PATH for the service: init systems start with a minimal one. */
  path: string;
  /** Where launchd writes the output (systemd keeps it in the journal). */
  logFile: string;
}

export function systemdUnit({ command, path }: UnitInput): string {
  return `[Unit]
Description=ccr: Claude Code router
Documentation=https://www.npmjs.com/package/ccr

[Service]
Type=simple
ExecStart=${command.map(systemdQuote).join(' ')}
WorkingDirectory=%h
Environment=${systemdQuote(`PATH=${path}`)}
Restart=on-failure
RestartSec=5

[Install]
WantedBy=default.target
`;
}

/** A word of ExecStart: quoted when it needs to be; `%` and `$` doubled, as systemd expands them. */
export function systemdQuote(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function launchdPlist({ command, home, path, logFile }: UnitInput): string {
  const strings = (values: string[]) => values.map((value) => `      <string>${xml(value)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
  <dict>
    <key>Label</key>
    <string>${LAUNCHD_LABEL}</string>
    <key>ProgramArguments</key>
    <array>
${strings(command)}
    </array>
    <key>RunAtLoad</key>
    <true/>
    <key>KeepAlive</key>
    <dict>
      <key>SuccessfulExit</key>
      <false/>
    </dict>
    <key>WorkingDirectory</key>
    <string>${xml(home)}</string>
    <key>EnvironmentVariables</key>
    <dict>
      <key>PATH</key>
      <string>${xml(path)}</string>
    </dict>
    <key>StandardOutPath</key>
    <string>${xml(logFile)}</string>
    <key>StandardErrorPath</key>
    <string>${xml(logFile)}</string>
  </dict>
</plist>
`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
