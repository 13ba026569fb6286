/**
 * Everything the soak starts is stopped: at the end, on failure and on Ctrl-C, newest first,
 * each stop bounded so one stuck child cannot keep the others alive.
 */
export class Cleanup {
  private readonly stops: { name: string; stop: () => Promise<unknown> }[] = [];
  private running?: Promise<void>;

  add(name: string, stop: () => Promise<unknown>): void {
    this.stops.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { name, stop } of this.stops.reverse()) {
        const bounded = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
        await Promise.race([stop().catch((error: unknown) => console.error(`[soak] stopping ${name} failed:`, error)), bounded]);
      }
    })();
    return this.running;
  }

  /** Ctrl-C, a kill, or a crash of the soak itself: stop the children, then exit. */
  onExitSignals(): void {
    const bail = (code: number) => () => void this.run().finally(() => process.exit(code));
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      process.once(signal, () => {
        console.error(`[soak] ${signal}: stopping everything it started`);
        bail(code)();
      });
    }
    process.once('uncaughtException', (error) => {
      console.error('[soak] crashed:', error);
      bail(1)();
    });
    process.once('unhandledRejection', (error) => {
      console.error('[soak] crashed:', error);
      bail(1)();
    });
  }
}
