// HTTP calls to the API under test, each timed and recorded with its status (0: no answer at all).

export function apiClient(base) {
  return {
    async call(method, path, { token, body, headers = {}, timeoutMs = 30_000 } = {}) {
      const started = performance.now();
      try {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        return { status: response.status, json, text, ms: performance.now() - started, at: Date.now() };
      } catch (error) {
        return { status: 0, error: String(error?.cause ?? error), ms: performance.now() - started, at: Date.now() };
      }
    },
  };
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function eachLimited(items, limit, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}
