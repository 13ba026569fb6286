/** Runs once when the server starts: see lib/auth/startup.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationOrExit } = await import('./lib/auth/startup');
    checkConfigurationOrExit();
  }
}
