import type { BeforeApplicationShutdown } from '@nestjs/common';
import { currentWindow, type WindowCounter } from './window-counter.js';

/** How often a process sends its counts to Redis and learns the other processes' counts. */
export const defaultSyncMs = 1_000;

interface Entry {
  window: number;
  /** The shared count in Redis as of the last sync (this process's synced requests included). */
  shared: number;
  /** Counted here, being added to Redis right now. */
  inFlight: number;
  /** Counted here, not yet sent to Redis. */
  pending: number;
  /** The last sync reached Redis; while it does not, counts are unknown and limits are not enforced (as WindowCounter). */
  healthy: boolean;
  /** Set until the window's first sync has answered: the first request of a window waits for the shared count. */
  firstSync: Promise<void> | undefined;
  syncing: boolean;
}

/**
 * WindowCounter's per-window counts kept in this process and synced with Redis in the background, so a request costs
 * no Redis round trip. The first request of a name in a window waits for one sync (it learns what other processes
 * already counted); later ones count locally and a sync at most `syncMs` later adds them to Redis and reads back the
 * shared total. A process therefore enforces the shared count as of its last sync plus its own requests since: with
 * one process counts are exact; with P processes the window may admit up to (P − 1) × (one process's requests in
 * `syncMs`) more than the limit. While Redis does not answer, counts are undefined (limits not enforced), as before;
 * requests counted meanwhile are added once it answers again.
 */
export class SyncedWindowCounter implements BeforeApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly counter: WindowCounter,
    private readonly syncMs = defaultSyncMs,
  ) {}

  /** Adds one to `name` in the current window and returns the count as this process knows it. */
  async increment(name: string): Promise<number | undefined> {
    const window = currentWindow().window;
    let entry = this.entries.get(name);
    if (!entry || entry.window !== window) {
      entry = { window, shared: 0, inFlight: 0, pending: 0, healthy: false, firstSync: undefined, syncing: false };
      this.entries.set(name, entry);
      entry.pending = 1;
      const first = this.sync(name, entry);
      entry.firstSync = first;
      await first;
      entry.firstSync = undefined;
    } else {
      entry.pending += 1;
      if (entry.firstSync) await entry.firstSync;
      this.syncSoon();
    }
    return entry.healthy ? entry.shared + entry.inFlight + entry.pending : undefined;
  }

  /** Sends what is pending (the app is stopping): other processes keep seeing this one's requests. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.syncAll();
  }

  private syncSoon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.syncAll();
    }, this.syncMs).unref();
  }

  private async syncAll(): Promise<void> {
    const window = currentWindow().window;
    const syncs: Promise<void>[] = [];
    for (const [name, entry] of this.entries) {
      // A past window's count no longer limits anything.
      if (entry.window !== window) {
        if (!entry.syncing) this.entries.delete(name);
      } else if (entry.pending > 0 && !entry.syncing) {
        syncs.push(this.sync(name, entry));
      }
    }
    await Promise.all(syncs);
  }

  private async sync(name: string, entry: Entry): Promise<void> {
    const amount = entry.pending;
    entry.pending = 0;
    entry.inFlight += amount;
    entry.syncing = true;
    try {
      const total = await this.counter.add(name, amount, entry.window);
      entry.healthy = total !== undefined;
      if (total === undefined) entry.pending += amount;
      else entry.shared = total;
    } finally {
      entry.inFlight -= amount;
      entry.syncing = false;
    }
    if (entry.pending > 0) this.syncSoon();
  }
}
