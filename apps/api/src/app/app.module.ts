import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { HealthModule } from '../health/health.module.js';
import type { PingableDatabase } from '../health/readiness.service.js';
import { DATABASE, MESHGUARD_CONFIG } from './tokens.js';

/** Provides the config and database, opened once by the entry point, to every module. */
@Global()
@Module({})
class CoreModule {
  static with(config: MeshguardConfig, database: PingableDatabase): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: MESHGUARD_CONFIG, useValue: config },
        { provide: DATABASE, useValue: database },
      ],
      exports: [MESHGUARD_CONFIG, DATABASE],
    };
  }
}

@Module({})
export class ApiModule {
  static with(config: MeshguardConfig, database: PingableDatabase): DynamicModule {
    return { module: ApiModule, imports: [CoreModule.with(config, database), HealthModule] };
  }
}
