/**
 * OpenTelemetry for one process: W3C `traceparent` propagation, spans for each request served (the
 * HTTP layer), each subgraph fetch (the gateway's own spans), and each SQL statement (the database
 * pool's client). Spans are exported by OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * Otherwise nothing is recorded: each span is only its ids (so the trace id still reaches every
 * log line and every subgraph, `traceparent` marked not sampled), with no attributes, events or
 * timings to make and drop — they were visible in the gateway's CPU profile under load.
 *
 * A process that exports records every request, whatever the caller's `traceparent` says of
 * sampling: a gateway that exports nothing marks its traces not sampled, and a subgraph an
 * operator traces alone must not follow it.
 *
 * The hub instruments itself where it talks HTTP and SQL instead of patching modules as they are
 * loaded, so there is no "register before `pg` is required" order to keep, and the same code is
 * traced in the test process (whose module loader such patching does not see).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What {@link registerTracing} sets up. */
export interface TracingOptions {
  /** `service.name` of the spans (`gateway`, `ldtbxh`, …). */
  serviceName: string;
  /** OTLP/HTTP collector (`http://host:4318`); spans go to `<endpoint>/v1/traces`. Null: nothing is exported. */
  otlpEndpoint: string | null;
  /** Further processors (the tests' in-memory exporter). */
  processors?: SpanProcessor[];
}

/** A registered tracing set-up. */
export interface Tracing {
  /** Sends what is still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Registers the global tracer provider, the AsyncLocalStorage context manager and the W3C trace
 * context propagator for this process. Call once, first thing in a process's entry file.
 */
export function registerTracing(options: TracingOptions): Tracing {
  const processors = [...(options.processors ?? [])];
  if (options.otlpEndpoint) {
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` })),
    );
  }
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': options.serviceName }),
    spanProcessors: processors,
    sampler: processors.length > 0 ? new AlwaysOnSampler() : new AlwaysOffSampler(),
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
