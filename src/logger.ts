/** Structured JSON logs on stdout. The bot token is scrubbed from every line. */
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Creates a logger; `secrets` are replaced by "***" wherever they appear (e.g. in error URLs). */
export function createLogger(
  level: LogLevel,
  secrets: string[] = [],
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const scrub = (s: string) => secrets.reduce((acc, secret) => (secret ? acc.split(secret).join('***') : acc), s);
  const log =
    (lvl: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const data: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, msg };
      for (const [k, v] of Object.entries(fields))
        data[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
      write(scrub(JSON.stringify(data)));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
