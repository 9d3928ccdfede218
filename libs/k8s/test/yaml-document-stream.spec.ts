import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { loadManifests } from '../src/index.js';
import {
  yamlDocumentsFrom,
  yamlDocumentsOf,
  type StreamedYamlDocument,
} from '../src/manifests/yaml-document-stream.js';

// Everything a document boundary can look like: markers, an explicit end, a directive, comment-only documents, a block
// scalar holding "---" (indented, so not a marker), a broken document, multibyte text and a byte order mark.
const tricky = [
  '\uFEFF# leading comment',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: first}',
  'data:',
  '  script: |',
  '    echo start',
  '    --- not a marker',
  '---',
  '# only a comment',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: "zweite-\u00FCber-\u6771\u4EAC"}',
  '...',
  '%YAML 1.2',
  '---',
  'metadata: {name: broken',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: last}',
  // What `kubectl get -o yaml` prints: one List document, keys sorted, items at the left margin.
  '---',
  'apiVersion: v1',
  'items:',
  '- apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata:',
  '    name: item-one',
  '  data:',
  '    script: |',
  '      line one',
  '      - not an item',
  '',
  '# between items',
  '- apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata: {name: item-two}',
  'kind: List',
  'metadata:',
  '  resourceVersion: ""',
  // What the API server returns: items without kind, indented this time.
  '---',
  'kind: PodList',
  'apiVersion: v1',
  'items:',
  '  - metadata: {name: pod-a}',
  '    spec: {containers: [{name: c, image: x}]}',
  '  -',
  '    metadata: {name: pod-b}',
  '',
].join('\r\n');

/** Values as parsing the whole text gives them: streamed list items go back into the document that held them. */
function reassembled(documents: StreamedYamlDocument[]): { value: unknown; line: number; error?: number }[] {
  const out: { value: unknown; line: number; error?: number }[] = [];
  let items: StreamedYamlDocument[] = [];
  for (const entry of documents) {
    if (entry.type === 'list-item') {
      items.push(entry);
      continue;
    }
    const brokenItem = entry.streamedItems ? items.find((item) => item.error) : undefined;
    const error = entry.error ?? brokenItem?.error;
    const value = error ? undefined : (entry.document.toJS() as unknown);
    if (entry.streamedItems && value && typeof value === 'object')
      (value as { items: unknown[] }).items = items.map((item) => item.document.toJS() as unknown);
    if (entry.streamedItems) expect(items).toHaveLength(entry.streamedItems);
    items = [];
    out.push({ value, line: entry.line, ...(error ? { error: error.line } : {}) });
  }
  expect(items).toEqual([]);
  return out;
}

function summary(documents: StreamedYamlDocument[]) {
  return reassembled(documents).map(({ value, line, error }) => ({ value, line, error }));
}

async function fromChunks(bytes: Uint8Array, size: number) {
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  const documents = [];
  for await (const document of yamlDocumentsFrom(chunks())) documents.push(document);
  return documents;
}

describe('YAML document stream', () => {
  it('reads the same documents, lines and errors whether the text comes whole or a byte at a time', async () => {
    const streamed = yamlDocumentsOf(tricky);
    expect(streamed.filter((entry) => entry.type === 'list-item')).toHaveLength(4);
    const whole = summary(streamed);
    expect(whole.map((d) => d.line)).toEqual([2, 9, 12, 18, 20, 24, 43]);
    const lines = new LineCounter();
    const library = parseAllDocuments(tricky, { lineCounter: lines }) as Document.Parsed[];
    expect(whole.map((d) => d.value)).toEqual(
      library.map((document) => (document.errors.length > 0 ? undefined : document.toJS())),
    );
    expect(whole[0]!.value).toMatchObject({ data: { script: 'echo start\n--- not a marker\n' } });
    expect(whole[2]!.value).toMatchObject({ metadata: { name: 'zweite-\u00FCber-\u6771\u4EAC' } });
    expect(whole[3]!.error).toBe(19);
    expect(whole[4]!.value).toMatchObject({ metadata: { name: 'last' } });

    const bytes = new TextEncoder().encode(tricky);
    // One byte at a time splits every multibyte character and every line ending.
    for (const size of [1, 5, 64, bytes.length])
      expect(summary(await fromChunks(bytes, size))).toEqual(whole);
  });

  it('stops at bytes that are not UTF-8, keeping the documents it completed before them', async () => {
    const good = new TextEncoder().encode('a: 1\n---\nb: 2\n---\nc: 3\n');
    async function* chunks() {
      yield good;
      yield new Uint8Array([0xff, 0xfe, 0x0a]);
    }
    const seen: unknown[] = [];
    await expect(async () => {
      for await (const { document } of yamlDocumentsFrom(chunks())) seen.push(document.toJS());
    }).rejects.toThrow('not UTF-8');
    // The parser hands a document over once it sees the next one start; the last one before the bad bytes may wait.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }].slice(0, seen.length));
  });
});

describe('manifests read as a stream', () => {
  const documentCount = 3_000;
  const manifest = (index: number) =>
    index === 1_500
      ? 'apiVersion: v1\nkind: Service\nmetadata: {name: broken\n'
      : `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${index}\n  namespace: ns-${index % 7}\n`;

  it('adds each document as it arrives, not after the whole input was read', async () => {
    const texts = Array.from({ length: documentCount }, (_, index) => manifest(index));
    let chunksPulled = 0;
    let pulledAtFirstDocument: number | undefined;
    async function* piped() {
      for (const text of texts) {
        chunksPulled++;
        yield new TextEncoder().encode(`---\n${text}`);
      }
    }
    const result = await loadManifests([], {
      extraStreams: [{ name: '<stdin>', bytes: piped() }],
      onDocuments: () => (pulledAtFirstDocument ??= chunksPulled),
    });
    expect(pulledAtFirstDocument).toBeLessThan(5);
    expect(result.snapshot.resources.serviceaccounts).toHaveLength(documentCount - 1);
    // Document index and line survive the stream: the broken one is the 1,501st, six lines per document.
    expect(result.problems).toEqual([
      expect.objectContaining({ file: '<stdin>', document: 1_501, line: 1_500 * 6 + 2 }),
    ]);
    expect(result.origins.get('ServiceAccount/ns-3/sa-2999')).toEqual({
      file: '<stdin>',
      line: 2_999 * 6 + 2 - 2, // the broken document has two lines fewer
    });
  });
});

// Every YAML file of the other scanners' test corpora: what the stream reads equals what the yaml library reads whole.
const corporaDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora');

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => join(dir, path));
}

describe.runIf(existsSync(corporaDir))('YAML document stream on real manifests (../shared/corpora)', () => {
  it('matches parseAllDocuments document for document, cut into 61-byte pieces', async () => {
    const files = yamlFilesUnder(corporaDir);
    expect(files.length).toBeGreaterThan(1_000);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = new LineCounter();
      const expected = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true }) as Document.Parsed[];
      const streamed = await fromChunks(new TextEncoder().encode(text), 61);
      // Empty documents are skipped by the loader; after a broken document the two may disagree on a trailing one.
      const read = (entries: [number, unknown][]) => entries.filter(([, value]) => value !== null);
      expect(
        read(reassembled(streamed).map(({ line, value, error }) => [line, error ? 'error' : value])),
        file,
      ).toEqual(
        read(
          expected.map((document) => [
            lines.linePos(document.contents?.range[0] ?? document.range[0]).line,
            document.errors.length > 0 ? 'error' : document.toJS(),
          ]),
        ),
      );
    }
  });
});

describe('a kubectl get -o yaml dump read as a stream', () => {
  it("judges a List item by item, at each item's own line, and reports a broken item alone", async () => {
    const items = Array.from({ length: 2_000 }, (_, index) =>
      index === 700
        ? '- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: broken\n'
        : `- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: sa-${index}\n    namespace: team\n`,
    );
    const text = `apiVersion: v1\nitems:\n${items.join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
    const counts: number[] = [];
    async function* piped() {
      const bytes = new TextEncoder().encode(text);
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
    }
    const result = await loadManifests([], {
      extraStreams: [{ name: 'cluster.yaml', bytes: piped() }],
      onDocuments: (count) => counts.push(count),
    });
    // Progress moves while the one document is still being read.
    expect(counts.length).toBeGreaterThan(1_000);
    expect(result.snapshot.resources.serviceaccounts).toHaveLength(1_999);
    // Five lines per item after the two header lines; the broken item has three.
    expect(result.origins.get('ServiceAccount/team/sa-1999')).toEqual({
      file: 'cluster.yaml',
      line: 3 + 1_999 * 5 - 2,
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ file: 'cluster.yaml', document: 1, item: 701, line: 3 + 700 * 5 }),
    ]);
  });
});
