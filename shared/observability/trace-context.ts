/**
 * The hub's use of the OpenTelemetry API alone (no SDK): its tracer, the active trace id for log
 * lines, and `traceparent` for outgoing requests. Cheap to load, so commands that only log pay
 * nothing for tracing; {@link ./tracing} registers the SDK in the services.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';

/** Name of the hub's tracer (instrumentation scope of its spans). */
export const TRACER_NAME = 'cfc-hub';

/** The hub's tracer; a no-op until a provider is registered. */
export function hubTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The trace id of the active span, or null when there is none (or tracing is not registered). */
export function activeTraceId(): string | null {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : null;
}

/** The active trace context as headers (`traceparent`, …) for a request the hub sends itself; empty outside a trace. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Adds the active trace context (`traceparent`) to outgoing headers. */
export function injectTraceContext(headers: Headers): void {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}
