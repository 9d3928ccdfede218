import { randomUUID } from 'node:crypto';
import type { MeshguardConfig } from '@meshguard/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncedWindowCounter } from './synced-window-counter.js';
import { currentWindow, WindowCounter } from './window-counter.js';

// Real Redis (127.0.0.1:6379), one prefix per test so runs never share counts.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const opened: WindowCounter[] = [];

function windowCounter(prefix: string, url = redisUrl): WindowCounter {
  const counter = new WindowCounter({ redis: { url, queuePrefix: prefix } } as MeshguardConfig);
  opened.push(counter);
  return counter;
}

// Counts are per one-minute window: a test that asserts exact counts starts with a few seconds of its window left.
beforeEach(async () => {
  const { secondsLeft } = currentWindow();
  if (secondsLeft < 3) await settle(secondsLeft * 1000);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((counter) => counter.onApplicationShutdown()));
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until Redis holds `count` for `name` (the background sync has run), however slow the machine. */
async function synced(shared: WindowCounter, name: string, count: number): Promise<void> {
  for (let waited = 0; (await shared.read(name)) !== count; waited += 10) {
    if (waited > 4_000) throw new Error(`Redis never held ${count} for ${name}`);
    await settle(10);
  }
  // The syncing process reads Redis's answer right after Redis sent it; give its reply a moment to be handled.
  await settle(20);
}

describe('SyncedWindowCounter', () => {
  it('counts every request of one process exactly, and Redis holds the total after a sync', async () => {
    const prefix = `mgtest-${randomUUID()}`;
    const shared = windowCounter(prefix);
    const counter = new SyncedWindowCounter(shared, 20);
    const counts: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) counts.push(await counter.increment('key:a'));
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    expect(await counter.increment('key:b')).toBe(1);
    await synced(shared, 'key:a', 5);
  });

  it('sees what another process counted: at its first request of the window, then after each of its syncs', async () => {
    const prefix = `mgtest-${randomUUID()}`;
    const shared = windowCounter(prefix);
    const first = new SyncedWindowCounter(windowCounter(prefix), 20);
    const second = new SyncedWindowCounter(windowCounter(prefix), 20);
    for (let i = 0; i < 3; i++) await first.increment('key:a');
    await synced(shared, 'key:a', 3);
    expect(await second.increment('key:a')).toBe(4);
    await first.increment('key:a');
    await synced(shared, 'key:a', 5);
    expect(await second.increment('key:a')).toBe(5);
    await synced(shared, 'key:a', 6);
    expect(await second.increment('key:a')).toBe(7);
  });

  it('sends what is pending when the app stops', async () => {
    const prefix = `mgtest-${randomUUID()}`;
    const shared = windowCounter(prefix);
    const counter = new SyncedWindowCounter(shared, 60_000);
    for (let i = 0; i < 4; i++) await counter.increment('key:a');
    expect(await shared.read('key:a')).toBe(1);
    await counter.beforeApplicationShutdown();
    expect(await shared.read('key:a')).toBe(4);
  });

  it('answers undefined (limit not enforced) while Redis does not answer', async () => {
    const counter = new SyncedWindowCounter(windowCounter(`mgtest-${randomUUID()}`, 'redis://127.0.0.1:1'), 20);
    expect(await counter.increment('key:a')).toBeUndefined();
    expect(await counter.increment('key:a')).toBeUndefined();
  });
});
