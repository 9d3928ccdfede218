import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** CSV rows as objects keyed by the header, parsed by csv-parse (RFC 4180). */
export function parseCsv(bytes: Buffer): Record<string, string>[] {
  return parse(bytes, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** The text of a PDF as poppler's pdftotext extracts it (only selectable text comes out). */
export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshguard-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
