/**
 * What a process's tracing set-up (shared/observability/tracing.ts) records: nothing but ids when
 * nothing is exported — the trace id still reaches logs and subgraphs —, everything when something
 * is, whatever the caller's `traceparent` says of sampling.
 */
import { context, propagation, trace, type Context } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { registerTracing, type Tracing } from '../../shared/observability/tracing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The context of a caller's `traceparent`, with its sampled flag as given. */
const callerContext = (sampled: boolean): Context =>
  propagation.extract(context.active(), { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-${sampled ? '01' : '00'}` });

/** The `traceparent` a fetch made within `span` would send. */
function sentTraceparent(span: ReturnType<ReturnType<typeof trace.getTracer>['startSpan']>): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return carrier.traceparent;
}

let tracing: Tracing | undefined;

afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('tracing', () => {
  it('without an exporter records nothing, and still carries the trace id onwards, marked not sampled', () => {
    tracing = registerTracing({ serviceName: 'test', otlpEndpoint: null });
    const tracer = trace.getTracer('test');
    const span = tracer.startSpan('GET /graphql', {}, callerContext(true));
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    expect(sentTraceparent(span)).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    span.end();
    // A request without a caller's trace gets a trace id of its own.
    const root = tracer.startSpan('GET /graphql');
    expect(trace.isSpanContextValid(root.spanContext())).toBe(true);
    expect(root.spanContext().traceId).not.toBe(TRACE_ID);
    root.end();
  });

  it('with an exporter records every span, even under a caller that marked its trace not sampled', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = registerTracing({
      serviceName: 'test',
      otlpEndpoint: null,
      processors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = trace.getTracer('test');
    for (const sampled of [false, true]) {
      const span = tracer.startSpan(
        `GET /graphql ${sampled}`,
        { attributes: { 'hub.service': 'test' } },
        callerContext(sampled),
      );
      expect(span.isRecording()).toBe(true);
      expect(sentTraceparent(span)).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
      span.end();
    }
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.spanContext().traceId, s.attributes['hub.service']])).toEqual([
      ['GET /graphql false', TRACE_ID, 'test'],
      ['GET /graphql true', TRACE_ID, 'test'],
    ]);
  });
});
