import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { WorkerModule } from './worker.module.js';

/**
 * Starts the queue consumers. Closing the returned context stops taking jobs and waits for running ones
 * (BullMQ's worker.close), bounded by the configured shutdown timeout.
 */
export async function startWorker(
  config: MeshguardConfig,
  logger: LoggerService | false = false,
): Promise<{ context: INestApplicationContext; stop(): Promise<void> }> {
  const context = await NestFactory.createApplicationContext(WorkerModule.with(config), { logger });
  await context.init();
  return {
    context,
    stop: () => closeWithin(context, config.worker.shutdownTimeoutMs),
  };
}

async function closeWithin(context: INestApplicationContext, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`running jobs did not finish within ${timeoutMs} ms; they will be retried`)), timeoutMs);
  });
  try {
    await Promise.race([context.close(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
