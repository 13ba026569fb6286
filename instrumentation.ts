/**
 * Runs once when the server starts: the configuration check (lib/auth/startup.ts), and
 * OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set: then the spans lib/auth opens around
 * every provider call (discovery, keys, token, PAR, revocation) reach the team's collector.
 */
export async function register() {
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { registerOTel } = await import('@vercel/otel');
    registerOTel({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'next-oidc-bff' });
  }
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationOrExit } = await import('./lib/auth/startup');
    checkConfigurationOrExit();
  }
}
