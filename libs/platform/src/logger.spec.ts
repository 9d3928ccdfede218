import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, prettyLogsWanted } from './logger.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('logs', () => {
  it('are pretty only in development on a terminal', () => {
    expect(prettyLogsWanted('development', { isTTY: true })).toBe(true);
    expect(prettyLogsWanted('development', { isTTY: false })).toBe(false);
    expect(prettyLogsWanted('development', {})).toBe(false);
    expect(prettyLogsWanted('production', { isTTY: true })).toBe(false);
    expect(prettyLogsWanted('test', { isTTY: true })).toBe(false);
  });

  it('are one JSON object per line otherwise, with secrets redacted', async () => {
    const out = capture();
    const logger = createLogger({ level: 'info', name: 'meshguard', destination: out.stream });
    logger.info({ url: 'http://localhost:3000', token: 'mgk_secret' }, 'meshguard is running');
    await new Promise((resolve) => setImmediate(resolve));
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, service: 'meshguard', msg: 'meshguard is running', url: 'http://localhost:3000', token: '[redacted]' });
  });

  it('are readable lines, not JSON, when pretty', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', name: 'meshguard', destination: out.stream, pretty: true });
    logger.info({ token: 'mgk_secret' }, 'meshguard is running');
    const text = out.text();
    expect(text).toContain('meshguard is running');
    expect(text).not.toContain('mgk_secret');
    expect(() => JSON.parse(text)).toThrow();
  });
});
