import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../api/k8s-object.js';

export class ManifestError extends Error {}

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

async function manifestFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info)
    throw new ManifestError(
      `manifests path ${path} does not exist; pass a folder or file of Kubernetes YAML/JSON`,
    );
  if (info.isFile()) return [path];
  const files: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await manifestFiles(full)));
    else if (manifestExtensions.has(extname(entry.name).toLowerCase())) files.push(full);
  }
  return files;
}

function flatten(value: unknown, where: string): K8sObject[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ManifestError(
      `${where}: expected a Kubernetes object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  const obj = value as Record<string, unknown>;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return obj.items.flatMap((item, i) => flatten(item, `${where} item ${i}`));
  }
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (
    typeof obj.apiVersion !== 'string' ||
    typeof obj.kind !== 'string' ||
    !meta ||
    typeof meta.name !== 'string'
  ) {
    throw new ManifestError(`${where}: apiVersion, kind and metadata.name are required`);
  }
  return [obj as K8sObject];
}

/**
 * Reads every YAML/JSON manifest under a folder (or one file): multi-document files and `List` kinds are expanded.
 * The simulator refuses bad data rather than serving a silently different cluster, so any bad document is an error
 * naming the file and document index.
 */
export async function loadManifests(path: string): Promise<K8sObject[]> {
  const objects: K8sObject[] = [];
  for (const file of await manifestFiles(path)) {
    const text = await readFile(file, 'utf8');
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, index) => {
      const where = `${file} document ${index}`;
      if (doc.errors.length > 0) throw new ManifestError(`${where}: ${doc.errors[0]!.message}`);
      objects.push(...flatten(doc.toJS(), where));
    });
  }
  return objects;
}
