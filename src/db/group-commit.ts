// Group commit for SQLite. Every durable commit costs an fsync (~150 µs here), so one commit per
// request would cap intake near 6,600 reports/s. Instead requests queue their rows; one writer
// commits everything queued in a single transaction, then resolves every waiting request. While
// a commit runs, new rows queue for the next one, so batches grow with the load by themselves.
// A failed batch is retried row by row, so one bad row never fails its neighbours.
export type GroupCommit<T> = { submit(item: T): Promise<void>; drain(): Promise<void> };

type Waiting<T> = { item: T; resolve: () => void; reject: (e: unknown) => void };

export function createGroupCommit<T>(write: (items: T[]) => Promise<void>, maxBatch = 512): GroupCommit<T> {
  let queue: Waiting<T>[] = [];
  let running: Promise<void> | undefined;

  async function run() {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.reject(error);
          continue;
        }
        for (const w of batch) {
          try {
            await write([w.item]);
            w.resolve();
          } catch (single) {
            w.reject(single);
          }
        }
      }
    }
    running = undefined;
  }

  return {
    submit(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Start on the next turn so that requests parsed in the same tick share the commit.
        running ??= new Promise<void>((r) => setImmediate(r)).then(run);
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}
