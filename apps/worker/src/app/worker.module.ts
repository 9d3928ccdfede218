import { Module, type DynamicModule } from '@nestjs/common';
import { QueueConsumers } from './queue-consumers.js';
import { WORKER_CONFIG, WORKER_RUNTIME } from './tokens.js';
import type { WorkerRuntime } from './worker-runtime.js';

@Module({})
export class WorkerModule {
  static with(runtime: WorkerRuntime): DynamicModule {
    return {
      module: WorkerModule,
      providers: [{ provide: WORKER_CONFIG, useValue: runtime.config }, { provide: WORKER_RUNTIME, useValue: runtime }, QueueConsumers],
      exports: [QueueConsumers],
    };
  }
}
