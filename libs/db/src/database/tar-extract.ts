import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const inflate = promisify(gunzip);

/** Files written at once: enough to keep libuv's threads busy while the main thread does other work. */
const writesInFlight = 32;

/**
 * Extracts a gzipped ustar archive of directories and regular files below `root`, keeping the main thread free (the
 * embedded database's files unpack while the application's modules load): the archive is inflated on a libuv thread
 * into one buffer sized from the gzip trailer (a single large allocation, given back whole when it is collected,
 * where chunks interleaved with the modules' allocations left the heap fragmented), and every file is written
 * asynchronously, several at a time. A file's trailing zeros are not written: the file is extended to its size
 * instead, which reads back the same.
 */
export async function extractTarGz(archivePath: string, root: string): Promise<void> {
  const compressed = await readFile(archivePath);
  // ISIZE: the uncompressed length modulo 2^32, the gzip member's last 4 bytes.
  const size = compressed.length >= 4 ? compressed.readUInt32LE(compressed.length - 4) : 0;
  const archive = await inflate(compressed, { chunkSize: Math.max(64 * 1024, size + 1024) });
  const pending = new Set<Promise<void>>();
  const directories = new Set<string>();
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const mode = parseInt(field(100, 8).trim() || '600', 8);
    const type = field(156, 1) || '0';
    const relative = name.split('/').filter((part) => part !== '' && part !== '.');
    if (relative.includes('..')) throw new Error(`The archive ${archivePath} has an unsafe path: ${name}`);
    const target = join(root, ...relative);
    if (type === '5') {
      await mkdir(target, { recursive: true, mode });
      directories.add(target);
    } else if (type === '0') {
      if (!directories.has(dirname(target))) {
        await mkdir(dirname(target), { recursive: true });
        directories.add(dirname(target));
      }
      const write = writeFileSparse(target, archive.subarray(offset + 512, offset + 512 + size), mode).finally(() => pending.delete(write));
      pending.add(write);
      if (pending.size >= writesInFlight) await Promise.race(pending);
    } else throw new Error(`The archive ${archivePath} has an entry of type ${type} (${name}), which it should not`);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  await Promise.all(pending);
}

/** Writes `data` up to its last non-zero byte, then sets the file's length (the rest reads back as zeros). */
async function writeFileSparse(target: string, data: Buffer, mode: number): Promise<void> {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  const file = await open(target, 'w', mode);
  try {
    if (end > 0) await file.write(data, 0, end, 0);
    if (end < data.length) await file.truncate(data.length);
  } finally {
    await file.close();
  }
}
