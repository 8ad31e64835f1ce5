/**
 * Structured logging: one JSON object per line on stderr, so operators can search by request id.
 * Values named like secrets are replaced before anything is written.
 */
import type { LogLevel } from './config';
import { currentRequest } from './observability/request-context';
import { activeTraceId } from './observability/trace-context';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|cookie|identity/i;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function scrub(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (value === null || typeof value !== 'object') return value;
  // Deeper than this is not written at all: returned as it is, its secrets would be.
  if (depth > 4) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? '[redacted]' : scrub(inner, depth + 1)]),
  );
}

/** A logger writing JSON lines at `level` and above, with `base` fields on every line. */
export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    // Within a request every line names it: its request id and trace id (fields given still win).
    const request = currentRequest();
    const traceId = request?.traceId || activeTraceId();
    const ids = { ...(request ? { requestId: request.requestId } : {}), ...(traceId ? { traceId } : {}) };
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: at,
        message,
        ...(scrub({ ...ids, ...base, ...fields }) as object),
      }),
    );
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}
