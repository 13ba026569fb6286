import { SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Spans around every call to a provider (discovery, keys, token, PAR, revocation), so a slow or
 * failing provider shows in the team's traces. The OpenTelemetry API is a no-op until an SDK is
 * registered (instrumentation.ts does so when OTEL_EXPORTER_OTLP_ENDPOINT is set). Attributes
 * name the provider and the operation, never a token.
 */
const tracer = trace.getTracer('next-oidc-bff');

export function traced<T>(name: string, attributes: Record<string, string>, operation: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await operation();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
