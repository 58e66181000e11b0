// Deletes what is past its time, now and then: on a timer (so that a quiet instance does not keep
// rows long after their time), and sooner when a caller that is writing anyway asks (`due`).
// Never two sweeps at once; one that fails is tried again at the next turn, and nothing waits on
// it but `settled` and `stop`.
export type Sweeper = {
  /** Sweeps if the last sweep is `everyMs` old or more. */
  due(): void;
  /** Resolves once a sweep under way is over. */
  settled(): Promise<void>;
  /** Stops the timer, once a sweep under way is over. */
  stop(): Promise<void>;
};

export function createSweeper(sweep: (at: number) => Promise<unknown>, { everyMs, now = Date.now }: { everyMs: number; now?: () => number }): Sweeper {
  let running: Promise<void> | undefined;
  let last = Number.NEGATIVE_INFINITY;
  const due = () => {
    const at = now();
    if (running || at - last < everyMs) return;
    last = at;
    running = sweep(at)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(due, everyMs);
  timer.unref();
  return {
    due,
    settled: async () => {
      await running;
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
