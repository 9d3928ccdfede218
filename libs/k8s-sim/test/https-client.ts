import { request } from 'node:https';

export interface Credentials {
  token?: string;
  cert?: { certPem: string; keyPem: string };
  basic?: { username: string; password: string };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
  elapsedMs: number;
}

/** One HTTPS request to the simulator, verifying its CA, on a fresh connection. */
export function call(
  base: { url: string; caPem: string },
  path: string,
  options: Credentials & { method?: string; body?: unknown; accept?: string } = {},
): Promise<HttpResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    if (options.basic)
      headers.Authorization = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const req = request(
      new URL(path, base.url),
      {
        method: options.method ?? 'GET',
        ca: base.caPem,
        headers,
        agent: false,
        ...(options.cert ? { cert: options.cert.certPem, key: options.cert.keyPem } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () => {
          if (!res.complete) return reject(new Error('response incomplete'));
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            elapsedMs: Date.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Follows continue tokens until the list is complete; returns every page. */
export async function listAll(
  base: { url: string; caPem: string },
  path: string,
  limit: number,
  creds: Credentials = { token: 'read-only' },
): Promise<{ pages: ListBody[]; names: string[] }> {
  const pages: ListBody[] = [];
  let token: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await call(
      base,
      `${path}${sep}limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      creds,
    );
    if (res.status !== 200) throw new Error(`list ${path} answered ${res.status}: ${res.text}`);
    const body = res.json as ListBody;
    pages.push(body);
    token = body.metadata.continue;
  } while (token);
  return {
    pages,
    names: pages.flatMap((p) => p.items.map((i) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`)),
  };
}

export interface ListBody {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: {
    metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string> };
    [k: string]: unknown;
  }[];
}
