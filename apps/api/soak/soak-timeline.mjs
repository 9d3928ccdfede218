// What goes wrong when during a soak run, as offsets from its start: simulator fault phases back to back, and the
// infrastructure faults (connections killed, Redis restarted, a worker SIGKILLed, PostgreSQL refusing connections)
// spread over the run so a short run gets every one of them too.

const simulatorPhases = [
  { name: 'latency 20-300 ms', faults: { latencyMs: [20, 300] } },
  { name: '503 burst', faults: { serverErrorRate: 0.3, serverErrorStatus: 503, retryAfterSeconds: 1 } },
  { name: '429 storm', faults: { throttleRate: 0.5, retryAfterSeconds: 1 } },
  { name: 'resets mid-body', faults: { resetRate: 0.25 } },
  { name: 'expired continue tokens', faults: { expireContinueRate: 0.5 } },
  { name: '500 burst', faults: { serverErrorRate: 0.3 } },
  {
    name: 'everything at once',
    faults: { latencyMs: [0, 150], serverErrorRate: 0.1, throttleRate: 0.1, resetRate: 0.1, expireContinueRate: 0.2 },
  },
];

/** `{ at, kind, ... }` events sorted by `at` (ms from the start); `outageMs` is how long a dependency stays down. */
export function faultTimeline(runMs, seed) {
  const outageMs = Math.round(Math.min(20_000, Math.max(8_000, runMs * 0.03)));
  const phaseMs = runMs / 10;
  const events = [];
  for (let k = 0; k < 9; k++) {
    const phase = simulatorPhases[k % simulatorPhases.length];
    events.push({ at: k * phaseMs, kind: 'simulator', name: phase.name, faults: { ...phase.faults, seed: seed + k } });
  }
  events.push({ at: 9 * phaseMs, kind: 'simulator', name: 'none', faults: {} });
  for (const fraction of [0.12, 0.37, 0.6, 0.85]) events.push({ at: runMs * fraction, kind: 'pg-terminate' });
  events.push({ at: runMs * 0.25, kind: 'redis-restart', outageMs });
  events.push({ at: runMs * 0.45, kind: 'worker-kill', restartAfterMs: 5_000 });
  events.push({ at: runMs * 0.7, kind: 'pg-down', outageMs });
  return { outageMs, events: events.sort((a, b) => a.at - b.at) };
}
