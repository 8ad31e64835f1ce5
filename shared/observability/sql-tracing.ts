/**
 * node-postgres' Client with one span per SQL statement, under the span of the request that sent
 * it. Handed to the pool as its `Client` (see database.ts), so every service's statements are
 * traced, whichever module loaded `pg`. The statement text is recorded; its parameters never are
 * (they may hold sensitive figures). Statements sent outside any trace (migrations at start-up,
 * pool housekeeping) make no span.
 */
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import pg from 'pg';
import { hubTracer } from './trace-context';

const MAX_STATEMENT = 4000;

/** `SELECT`, `INSERT`, … of a statement, for the span name. */
function verbOf(text: string): string {
  return /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
}

const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;

function tracedQuery(this: pg.Client, ...args: unknown[]): unknown {
  const first = args[0] as string | { text?: unknown } | undefined;
  const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : null;
  const parent = trace.getSpan(context.active());
  // Callback-style calls and cursor/stream submittables pass through untraced; TypeORM uses promises.
  if (text === null || !parent || typeof args[args.length - 1] === 'function') return query.apply(this, args);
  const span = hubTracer().startSpan(`pg ${verbOf(text)}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system': 'postgresql',
      'db.name': this.database ?? '',
      'db.statement': text.slice(0, MAX_STATEMENT),
    },
  });
  const result = context.with(trace.setSpan(context.active(), span), () => query.apply(this, args));
  if (!(result instanceof Promise)) {
    span.end();
    return result;
  }
  return result.then(
    (value: unknown) => {
      const rows = (value as { rowCount?: unknown } | undefined)?.rowCount;
      if (typeof rows === 'number') span.setAttribute('db.rows', rows);
      span.end();
      return value;
    },
    (error: unknown) => {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      span.end();
      throw error;
    },
  );
}

/** A pg Client whose promise-returning `query` is traced. Pass it as the pool's `Client`. */
export class TracedPgClient extends pg.Client {}
(TracedPgClient.prototype as unknown as { query: typeof tracedQuery }).query = tracedQuery;
