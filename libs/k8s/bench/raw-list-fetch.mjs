// The collector bench's floor: every page of the same kinds, fetched the way the collector's client fetches them
// (HTTPS keep-alive, at most 4 sockets, 4 kinds at a time, 500 objects a page, gzip, bearer token, the cluster's CA),
// each page JSON.parsed and dropped. No discovery, access checks, normalisation or snapshot: the work any client must do.
import { request, Agent } from 'node:https';
import { createGunzip } from 'node:zlib';
import { parse } from 'yaml';

/** Server, CA and token of the simulator's kubeconfig (its first cluster and user). */
export function connectionOf(kubeconfigText) {
  const document = parse(kubeconfigText);
  const cluster = document.clusters[0].cluster;
  return {
    server: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
    token: document.users[0].user.token,
  };
}

/** The list path of a collected kind (`{ kind, apiVersion }` as the collector reports it). */
export function listPathOf({ kind, apiVersion }) {
  const resource = { caliconetworkpolicies: 'networkpolicies', calicoglobalnetworkpolicies: 'globalnetworkpolicies' }[kind] ?? kind;
  return apiVersion.includes('/') ? `/apis/${apiVersion}/${resource}` : `/api/${apiVersion}/${resource}`;
}

/** Fetches and parses every page of every path; returns object and page counts. */
export async function rawListFetch({ server, ca, token, paths, pageSize = 500, concurrency = 4 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4, ca });
  const headers = { Accept: 'application/json', 'Accept-Encoding': 'gzip', Authorization: `Bearer ${token}` };
  let objects = 0;
  let pages = 0;
  const listAll = async (path) => {
    let token = '';
    do {
      const query = `?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const page = JSON.parse(await get(new URL(path + query, server), agent, headers));
      objects += page.items.length;
      pages += 1;
      token = page.metadata?.continue ?? '';
    } while (token);
  };
  const queue = [...paths];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (queue.length) await listAll(queue.shift());
  }));
  agent.destroy();
  return { objects, pages };
}

function get(url, agent, headers) {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${url.pathname} answered ${response.statusCode}`));
        return;
      }
      const body = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      const chunks = [];
      body.on('data', (chunk) => chunks.push(chunk));
      body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      body.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
