import type { Writable } from 'node:stream';

/**
 * Buffers small writes into chunks of about 64 KiB and respects the sink's backpressure, so a renderer can write
 * piece by piece without building the whole document in memory.
 */
export class TextSink {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly sink: Writable,
    private readonly chunkSize = 64 * 1024,
  ) {}

  /** Appends text; call `flushIfFull` at loop boundaries to hand full chunks to the sink. */
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  get full(): boolean {
    return this.size >= this.chunkSize;
  }

  /** Writes the buffered chunk when it is full, waiting for the sink to drain if it asks to. */
  async flushIfFull(): Promise<void> {
    if (this.full) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.sink.write(chunk, 'utf8')) await drained(this.sink);
  }
}

/** Resolves when the sink drains; rejects if it fails or closes first. */
export function drained(sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      sink.off('drain', onDrain);
      sink.off('error', onError);
      sink.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the report sink closed before the report was written'));
    };
    sink.on('drain', onDrain);
    sink.on('error', onError);
    sink.on('close', onClose);
  });
}

/** Ends the sink and resolves once everything written has been flushed to it. */
export function endSink(sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.once('error', reject);
    sink.end(() => {
      sink.off('error', reject);
      resolve();
    });
  });
}
