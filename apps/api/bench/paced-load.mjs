// Open-loop load at a fixed rate, the way wrk2 measures: request i is due at start + i / rate whatever happened to
// the earlier ones, and its latency counts from that due time, so queueing inside the server (or for a free socket)
// shows up in the percentiles instead of slowing the generator down (coordinated omission).
// Runs in its own process so it does not share the API's event loop.
// Input: JSON on argv[2] ({ url, token, paths, rate, connections, seconds }); seconds null: until stdin closes (a
// window as long as something the parent waits for). Output: JSON with the latency percentiles in ms, requests/s
// achieved, and the counts of errors and non-2xx answers.
import http from 'node:http';

const { url, token, paths, rate, connections, seconds } = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
let total = seconds === null ? Infinity : Math.round(rate * seconds);
const intervalMs = 1000 / rate;
const latencies = [];
let errors = 0;
let non2xx = 0;

const started = performance.now() + 50;
await new Promise((resolve) => {
  let sent = 0;
  let finished = 0;
  const settle = () => {
    finished += 1;
    if (finished === total) resolve();
  };
  if (seconds === null)
    process.stdin.once('end', () => {
      total = sent;
      if (finished === total) resolve();
    }).resume();
  const send = (index, dueAt) => {
    const request = http.get(url + paths[index % paths.length], { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      response.on('end', () => {
        latencies.push(performance.now() - dueAt);
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx += 1;
        settle();
      });
    });
    request.on('error', () => {
      errors += 1;
      settle();
    });
  };
  const tick = () => {
    const now = performance.now();
    for (; sent < total && started + sent * intervalMs <= now; sent += 1) send(sent, started + sent * intervalMs);
    if (sent < total) setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()));
  };
  setTimeout(tick, 50);
});
const elapsedSeconds = (performance.now() - started) / 1000;
agent.destroy();

latencies.sort((a, b) => a - b);
const percentile = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN;
process.stdout.write(
  JSON.stringify({
    p50: percentile(50),
    p99: percentile(99),
    max: latencies.at(-1) ?? NaN,
    rps: latencies.length / elapsedSeconds,
    requests: latencies.length,
    errors,
    non2xx,
  }),
);
