// Group commit for SQLite. Every durable commit costs an fsync (~150 µs here), so one commit per
// request would cap intake near 6,600 reports/s. Instead requests queue their rows; the writer
// commits everything queued in a single transaction, then resolves every waiting request. While
// a commit runs, new rows queue for the next one, so batches grow with the load by themselves.
// A failed batch is retried row by row, so one bad row never fails its neighbours.
//
// Two batches may be handed to the writer at once (`maxInFlight`): it commits them one after the
// other, so the second starts the moment the first is on disk instead of waiting for the event
// loop to notice the first one's answer and send more. Each still commits before its own
// requests are answered.
export type GroupCommit<T> = { submit(item: T): Promise<void>; drain(): Promise<void> };

type Waiting<T> = { item: T; resolve: () => void; reject: (e: unknown) => void };

export function createGroupCommit<T>(write: (items: T[]) => Promise<void>, maxBatch = 512, maxInFlight = 2): GroupCommit<T> {
  let queue: Waiting<T>[] = [];
  let inFlight = 0;
  let scheduled = false;
  let idle: (() => void)[] = [];

  async function commit(batch: Waiting<T>[]) {
    try {
      await write(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
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

  function pump() {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      void commit(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
    if (inFlight === 0 && queue.length === 0) {
      for (const wake of idle) wake();
      idle = [];
    }
  }

  return {
    submit(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Start on the next turn so that requests parsed in the same tick share the commit.
        if (!scheduled) {
          scheduled = true;
          setImmediate(pump);
        }
      });
    },
    drain() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
