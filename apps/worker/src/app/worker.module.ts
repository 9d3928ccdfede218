import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { queueNames } from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { ScansProcessor } from '../scans/scans.processor.js';
import { WORKER_CONFIG } from './tokens.js';

@Module({})
export class WorkerModule {
  static with(config: MeshguardConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({ connection: bullConnectionOptions(config.redis.url), prefix: config.redis.queuePrefix }),
        BullModule.registerQueue({ name: queueNames.scans }),
      ],
      providers: [{ provide: WORKER_CONFIG, useValue: config }, ScansProcessor],
    };
  }
}
