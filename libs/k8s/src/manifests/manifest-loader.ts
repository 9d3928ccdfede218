import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  allSnapshotKinds,
  listItem,
  snapshotKindFor,
  snapshotKinds,
  type ClusterSnapshot,
  type K8sObject,
  type KindInfo,
  type SnapshotKind,
} from '@meshguard/rules';
import { networkFactsOf } from '../normalize/network-facts.js';
import { isRecord, normalizeObject } from '../normalize/object-normalizer.js';
import { SecretDigester } from '../normalize/secret-digester.js';
import { yamlErrorText } from '../normalize/yaml-error-text.js';
import { findManifestFiles } from './manifest-files.js';
import { ManifestSourceError, type ManifestProblem } from './manifest-problem.js';
import {
  NotUtf8Error,
  yamlDocumentsFrom,
  yamlDocumentsOf,
  type StreamedYamlDocument,
} from './yaml-document-stream.js';

export interface ManifestLoadOptions {
  /** Namespace of namespaced objects that name none, as `kubectl apply` would use (default `default`). */
  defaultNamespace?: string;
  /** Larger files are reported and skipped (default 20 MiB). */
  maxFileBytes?: number;
  /** Refuse folders with more files than this (default 20,000). */
  maxFiles?: number;
  /** Texts to read besides the files, e.g. an upload. */
  extraSources?: readonly ManifestSource[];
  /** Byte streams to read besides the files, document by document, e.g. standard input (`helm template … | meshguard scan -`). */
  extraStreams?: readonly ManifestStream[];
  /** Called as documents are read, with the running count; a List's items count as documents (progress). */
  onDocuments?: (documents: number) => void;
  /** The inputs are the whole cluster, so every evidence scope is judged (see ClusterSnapshot source.complete). */
  complete?: boolean;
  now?: () => Date;
}

/** One named text holding manifests, e.g. an uploaded file. */
export interface ManifestSource {
  name: string;
  text: string;
}

/** One named stream of YAML bytes, read a document at a time. */
export interface ManifestStream {
  name: string;
  bytes: AsyncIterable<Uint8Array>;
}

export interface ManifestLoadResult {
  snapshot: ClusterSnapshot;
  problems: ManifestProblem[];
  /** Objects of kinds no rule reads (CRDs, HPAs, PDBs…), counted by apiVersion and kind. */
  ignored: { apiVersion: string; kind: string; count: number }[];
  /** Where each kept object was written, keyed by manifestOriginKey: SARIF and editors point at it. */
  origins: Map<string, ManifestOrigin>;
  /** Files with YAML that is not a Kubernetes object at all (Helm values, CI workflows), ignored. */
  notObjects: string[];
  files: string[];
}

/** The file and line (1-based, the document's or list item's first line) an object came from. */
export interface ManifestOrigin {
  file: string;
  line?: number;
}

/** The key of an object in `origins`: kind, namespace (empty for cluster-scoped) and name. */
export function manifestOriginKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * Builds a snapshot from YAML/JSON files and folders (multi-document files, `List` kinds, bare arrays of objects,
 * Helm-rendered output).
 * Each bad document is reported with file, document index and reason, and the rest are kept. Secret values are
 * digested exactly as the cluster collector does. Throws ManifestSourceError only when a path is missing or empty.
 */
export async function loadManifests(
  paths: string | readonly string[],
  options: ManifestLoadOptions = {},
): Promise<ManifestLoadResult> {
  const list = typeof paths === 'string' ? [paths] : paths;
  const extraTexts = options.extraSources ?? [];
  const extraStreams = options.extraStreams ?? [];
  if (list.length === 0 && extraTexts.length === 0 && extraStreams.length === 0)
    throw new ManifestSourceError('no manifest paths given');
  const files = list.length > 0 ? await findManifestFiles(list, options.maxFiles ?? 20_000) : [];
  const maxBytes = options.maxFileBytes ?? 20 * 1024 * 1024;
  const builder = new ManifestSnapshotBuilder(options.defaultNamespace ?? 'default', options.onDocuments);
  for (const file of files) {
    const size = (await stat(file)).size;
    if (size > maxBytes) {
      builder.fileProblem(file, `file is ${size} bytes, larger than the ${maxBytes}-byte limit; split it`);
      continue;
    }
    // A JSON object is parsed whole (JSON.parse is fast and lean); YAML is read a document at a time.
    if (extname(file).toLowerCase() === '.json') {
      const text = decodeUtf8(await readFile(file));
      if (text === undefined) builder.fileProblem(file, 'file is not UTF-8 text');
      else builder.addSource({ name: file, text });
    } else {
      await builder.addStream({ name: file, bytes: createReadStream(file, { highWaterMark: 1 << 20 }) });
    }
  }
  for (const source of extraTexts) builder.addSource(source);
  for (const stream of extraStreams) await builder.addStream(stream);
  const location = [...list, ...extraTexts.map((s) => s.name), ...extraStreams.map((s) => s.name)].join(', ');
  const now = (options.now ?? (() => new Date()))();
  return { ...builder.finish(location, now, options.complete === true), files };
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The same as loadManifests for texts already in memory (uploads); `location` names the source in the snapshot. */
export function snapshotFromManifests(
  sources: readonly ManifestSource[],
  options: ManifestLoadOptions = {},
  location?: string,
): Omit<ManifestLoadResult, 'files'> {
  const builder = new ManifestSnapshotBuilder(options.defaultNamespace ?? 'default');
  for (const source of sources) builder.addSource(source);
  return builder.finish(
    location ?? sources.map((s) => s.name).join(', '),
    (options.now ?? (() => new Date()))(),
    options.complete === true,
  );
}

type HeldItem = { line: number } & ({ value: unknown } | { problem: string });

/** A streamed document's value, or why it cannot be read. */
function readYaml(streamed: StreamedYamlDocument): { value: unknown } | { problem: string } {
  const { error, document } = streamed;
  if (error)
    return {
      problem: `not valid YAML at line ${error.line}, column ${error.col}: ${yamlErrorText(error.message)}`,
    };
  try {
    return { value: document.toJS({ maxAliasCount: 100 }) };
  } catch (cause) {
    return { problem: `cannot be read: ${yamlErrorText((cause as Error).message)}` };
  }
}

interface Origin {
  file: string;
  document: number;
  item?: number;
  line?: number;
}

class ManifestSnapshotBuilder {
  private readonly digester = new SecretDigester();
  private readonly problems: ManifestProblem[] = [];
  private readonly objects = new Map<SnapshotKind, Map<string, { object: K8sObject; origin: Origin }>>();
  private readonly ignored = new Map<string, { apiVersion: string; kind: string; count: number }>();
  /** Files holding YAML documents with neither apiVersion nor kind. */
  private readonly notObjects = new Set<string>();

  /** Items of a List document handed over before the document itself (see YamlDocumentStream). */
  private readonly heldItems: HeldItem[] = [];
  /** Documents read so far, per source and in all. */
  private readonly documentCounts = new Map<string, number>();
  private documentsTotal = 0;

  constructor(
    private readonly defaultNamespace: string,
    private readonly onDocuments?: (documents: number) => void,
  ) {}

  fileProblem(file: string, reason: string): void {
    this.problems.push({ file, reason, severity: 'error' });
  }

  addSource({ name, text }: ManifestSource): void {
    if (extname(name).toLowerCase() === '.json' && /^\s*[[{]/.test(text)) {
      try {
        this.addValue(JSON.parse(text), { file: name, document: 1 });
      } catch (error) {
        this.problem({ file: name, document: 1 }, `not valid JSON: ${(error as Error).message}`);
      }
      return;
    }
    this.addYamlDocuments(name, yamlDocumentsOf(text));
  }

  /** Reads a file or standard input document by document (see YamlDocumentStream). */
  async addStream({ name, bytes }: ManifestStream): Promise<void> {
    try {
      for await (const document of yamlDocumentsFrom(bytes)) this.addYamlDocuments(name, [document]);
    } catch (error) {
      this.heldItems.length = 0;
      if (!(error instanceof NotUtf8Error)) throw error;
      const read = this.documentsRead(name);
      this.fileProblem(
        name,
        read === 0
          ? 'file is not UTF-8 text'
          : `file is not UTF-8 text after document ${read}; the documents before it were read`,
      );
    }
  }

  private addYamlDocuments(name: string, documents: Iterable<StreamedYamlDocument>): void {
    for (const streamed of documents) {
      if (streamed.type === 'list-item') {
        this.heldItems.push({ line: streamed.line, ...readYaml(streamed) });
        this.onDocuments?.(this.documentsTotal + this.heldItems.length);
        continue;
      }
      const index = this.documentsRead(name) + 1;
      this.documentCounts.set(name, index);
      this.documentsTotal++;
      const origin: Origin = { file: name, document: index, line: streamed.line };
      const items = streamed.streamedItems ? this.heldItems.splice(0) : undefined;
      const read = readYaml(streamed);
      if ('problem' in read) this.problem(origin, read.problem);
      else if (items) this.addWithItems(read.value, items, origin);
      else this.addValue(read.value, origin);
    }
    this.onDocuments?.(this.documentsTotal);
  }

  /** A document whose `items:` came item by item: a List's items are judged one by one, at their own lines. */
  private addWithItems(value: unknown, items: HeldItem[], origin: Origin): void {
    // A document with a top-level `items:` is a mapping; anything else is judged as it is.
    if (!isRecord(value)) return this.addValue(value, origin);
    if (!(typeof value.kind === 'string' && value.kind.endsWith('List'))) {
      // Not a List after all: the object as one piece, as if it had been parsed whole.
      const broken = items.find((item) => 'problem' in item);
      if (broken && 'problem' in broken)
        return this.problem({ ...origin, line: broken.line }, broken.problem);
      value.items = items.map((item) => ('value' in item ? item.value : null));
      return this.addValue(value, origin);
    }
    items.forEach((item, index) => {
      const at: Origin = { ...origin, item: index + 1, line: item.line };
      if ('problem' in item) this.problem(at, item.problem);
      else if (item.value !== null && item.value !== undefined) this.addValue(listItem(value, item.value), at);
    });
  }

  private documentsRead(name: string): number {
    return this.documentCounts.get(name) ?? 0;
  }

  private addValue(value: unknown, origin: Origin): void {
    if (value === null || value === undefined) return;
    // A bare array of objects (`jq '.items'` output, `[{...}, {...}]` JSON) is read as a List without a kind.
    if (Array.isArray(value) && value.length > 0 && value.every((item) => item == null || isRecord(item))) {
      value.forEach((item: unknown, index) => {
        if (item !== null && item !== undefined) this.addValue(item, { ...origin, item: index + 1 });
      });
      return;
    }
    if (!isRecord(value))
      return this.problem(
        origin,
        `is ${Array.isArray(value) ? 'a list of values' : `a ${typeof value}`}, not a Kubernetes object`,
      );
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && 'items' in value) {
      if (!Array.isArray(value.items)) return this.problem(origin, `${value.kind}.items is not a list`);
      value.items.forEach((item: unknown, index) => {
        if (item === null || item === undefined) return;
        this.addValue(listItem(value, item), { ...origin, item: index + 1 });
      });
      return;
    }
    this.addObject(value, origin);
  }

  private addObject(raw: Record<string, unknown>, origin: Origin): void {
    const { apiVersion, kind } = raw;
    const hasApiVersion = typeof apiVersion === 'string' && apiVersion !== '';
    const hasKind = typeof kind === 'string' && kind !== '';
    // Helm values, CI workflows, docker-compose files: YAML, but not Kubernetes objects at all.
    if (!hasApiVersion && !hasKind) {
      this.notObjects.add(origin.file);
      return;
    }
    if (!hasApiVersion) return this.problem(origin, `${String(kind)} has no apiVersion`);
    if (!hasKind) return this.problem(origin, `kind is missing (apiVersion ${apiVersion})`);
    const resolved = snapshotKindFor(apiVersion, kind);
    if ('unread' in resolved) {
      const key = `${apiVersion} ${kind}`;
      const entry = this.ignored.get(key) ?? { apiVersion, kind, count: 0 };
      entry.count++;
      this.ignored.set(key, entry);
      return;
    }
    const metadata = raw.metadata;
    if (!isRecord(metadata)) return this.problem(origin, `${kind} has no metadata`);
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      return this.problem(
        origin,
        `${kind} has no metadata.name${typeof metadata.generateName === 'string' ? ' (generateName alone cannot be scanned)' : ''}`,
      );
    }
    if ('wrongVersion' in resolved)
      return this.problem(
        origin,
        `${kind} ${metadata.name} uses apiVersion ${apiVersion}, which Kubernetes never served; meshguard reads ${resolved.wrongVersion}`,
      );
    // Removed versions (extensions/v1beta1, batch/v1beta1…) are read as the current kind, apiVersion kept as written,
    // so every rule judges them and patching-deprecated-apis names the release that removed them.
    const match = resolved.kind;
    const info: KindInfo = snapshotKinds[match];
    if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string')
      return this.problem(origin, `${kind} ${metadata.name} has a metadata.namespace that is not a string`);
    const namespaceUnset = info.namespaced && !metadata.namespace;
    if (namespaceUnset) metadata.namespace = this.defaultNamespace;
    if (!info.namespaced) delete metadata.namespace;

    const object = normalizeObject(raw, { apiVersion, kind }, this.digester);
    if (namespaceUnset) object.namespaceUnset = true;
    const byKey = this.objects.get(match) ?? new Map<string, { object: K8sObject; origin: Origin }>();
    const key = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const earlier = byKey.get(key);
    if (earlier) {
      this.problem(
        origin,
        `${kind} ${key.replace(/^\//, '')} is defined again (first in ${earlier.origin.file} document ${earlier.origin.document}); the later definition is kept`,
        'warning',
      );
    }
    byKey.set(key, { object, origin });
    this.objects.set(match, byKey);
  }

  private problem(origin: Origin, reason: string, severity: ManifestProblem['severity'] = 'error'): void {
    this.problems.push({ ...origin, reason, severity });
  }

  finish(location: string, now: Date, complete: boolean): Omit<ManifestLoadResult, 'files'> {
    const resources: Partial<Record<SnapshotKind, K8sObject[]>> = {};
    for (const kind of allSnapshotKinds) {
      const info: KindInfo = snapshotKinds[kind];
      const found = this.objects.get(kind);
      if (found) resources[kind] = [...found.values()].map((entry) => entry.object);
      else if (!info.optional) resources[kind] = [];
    }
    const origins = new Map<string, ManifestOrigin>();
    for (const found of this.objects.values())
      for (const { object, origin } of found.values())
        origins.set(manifestOriginKey(object.kind, object.metadata.namespace, object.metadata.name), {
          file: origin.file,
          ...(origin.line !== undefined ? { line: origin.line } : {}),
        });
    const network = networkFactsOf(resources.nodes);
    const snapshot: ClusterSnapshot = {
      schemaVersion: 1,
      source: { type: 'manifests', location, ...(complete ? { complete } : {}) },
      collectedAt: now.toISOString(),
      resources,
      coverage: { gaps: [] },
      ...(network ? { network } : {}),
    };
    return {
      snapshot,
      problems: this.problems,
      ignored: [...this.ignored.values()].sort((a, b) => b.count - a.count),
      origins,
      notObjects: [...this.notObjects],
    };
  }
}
