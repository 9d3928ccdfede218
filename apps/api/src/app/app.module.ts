import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { MeshguardConfig } from '@meshguard/config';
import {
  ApiKeyRepository,
  AuditRepository,
  ClusterRepository,
  ConnectivityModelRepository,
  ExceptionRepository,
  FindingRepository,
  FleetRepository,
  IdempotencyKeyRepository,
  ReportRepository,
  ReportScheduleRepository,
  ScanRepository,
  TenantRepository,
  TrendsRepository,
  WebhookEndpointRepository,
} from '@meshguard/db';
import type { ApiServices } from './create-api-app.js';
import { ApiKeysController } from '../api-keys/api-keys.controller.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { AuditController } from '../audit/audit.controller.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { VerifiedKeyCache } from '../auth/verified-key-cache.js';
import { ClusterAccessService } from '../clusters/cluster-access.service.js';
import { ClusterVerificationService } from '../clusters/cluster-verification.service.js';
import { ClustersController } from '../clusters/clusters.controller.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { CREDENTIAL_VAULT } from '../clusters/credential-vault.js';
import { DatabaseCredentialVault } from '../clusters/database-credential-vault.js';
import { ExceptionsController } from '../exceptions/exceptions.controller.js';
import { ExceptionsService } from '../exceptions/exceptions.service.js';
import { FindingsController } from '../findings/findings.controller.js';
import { FindingsService } from '../findings/findings.service.js';
import { FleetController } from '../fleet/fleet.controller.js';
import { FleetService } from '../fleet/fleet.service.js';
import { TrendsController } from '../trends/trends.controller.js';
import { TrendsService } from '../trends/trends.service.js';
import { HealthModule } from '../health/health.module.js';
import { ReportQueue } from '../queues/report-queue.js';
import { ScanQueue } from '../queues/scan-queue.js';
import { FailedAuthenticationLimit } from '../rate-limit/failed-authentication-limit.js';
import { ReportSchedulesController } from '../report-schedules/report-schedules.controller.js';
import { ReportSchedulesService } from '../report-schedules/report-schedules.service.js';
import { ReportDownloadService } from '../reports/report-download.service.js';
import { ReportsController, SigningKeysController } from '../reports/reports.controller.js';
import { ReportsService } from '../reports/reports.service.js';
import { SigningKeysService } from '../reports/signing-keys.service.js';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard.js';
import { SyncedWindowCounter } from '../rate-limit/synced-window-counter.js';
import { WindowCounter } from '../rate-limit/window-counter.js';
import { ConnectivityController } from '../connectivity/connectivity.controller.js';
import { ConnectivityService } from '../connectivity/connectivity.service.js';
import { DemoClusterController } from '../demo-cluster/demo-cluster.controller.js';
import { DemoClusterService } from '../demo-cluster/demo-cluster.service.js';
import { DemoSimulator } from '../demo-cluster/demo-simulator.js';
import { ScansController } from '../scans/scans.controller.js';
import { ScansService } from '../scans/scans.service.js';
import { TenantController } from '../tenancy/tenant.controller.js';
import { WebhooksController } from '../webhooks/webhooks.controller.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { TenantTransactionInterceptor } from '../tenancy/tenant-transaction.interceptor.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';
import { DATABASE, MESHGUARD_CONFIG, VAULT } from './tokens.js';

const repositories = [
  ApiKeyRepository,
  AuditRepository,
  ClusterRepository,
  ConnectivityModelRepository,
  ExceptionRepository,
  FindingRepository,
  FleetRepository,
  IdempotencyKeyRepository,
  ReportRepository,
  ReportScheduleRepository,
  ScanRepository,
  TenantRepository,
  TrendsRepository,
  WebhookEndpointRepository,
];

/** Provides the config, database and repositories, built once by the entry point, to every module. */
@Global()
@Module({})
class CoreModule {
  static with(config: MeshguardConfig, { database, vault }: ApiServices): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: MESHGUARD_CONFIG, useValue: config },
        { provide: DATABASE, useValue: database },
        { provide: VAULT, useValue: vault },
        ...repositories.map((repository) => ({ provide: repository, useValue: new repository() })),
        AuditService,
        ScanQueue,
        TenantTransactions,
        ReportQueue,
        { provide: CREDENTIAL_VAULT, useClass: DatabaseCredentialVault },
      ],
      exports: [
        MESHGUARD_CONFIG,
        DATABASE,
        VAULT,
        ...repositories,
        AuditService,
        ScanQueue,
        ReportQueue,
        TenantTransactions,
        CREDENTIAL_VAULT,
      ],
    };
  }
}

@Module({})
export class ApiModule {
  static with(config: MeshguardConfig, services: ApiServices): DynamicModule {
    return {
      module: ApiModule,
      imports: [CoreModule.with(config, services), HealthModule],
      controllers: [
        TenantController,
        ApiKeysController,
        ClustersController,
        ScansController,
        ConnectivityController,
        FindingsController,
        ExceptionsController,
        WebhooksController,
        AuditController,
        FleetController,
        TrendsController,
        SigningKeysController,
        ReportsController,
        ReportSchedulesController,
        DemoClusterController,
      ],
      providers: [
        // Order matters: authenticate, then rate-limit the authenticated key, then run the handler in its tenant.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
        { provide: VerifiedKeyCache, useFactory: () => new VerifiedKeyCache() },
        WindowCounter,
        { provide: SyncedWindowCounter, useFactory: (counter: WindowCounter) => new SyncedWindowCounter(counter), inject: [WindowCounter] },
        FailedAuthenticationLimit,
        ApiKeysService,
        ClusterAccessService,
        ClusterVerificationService,
        ClustersService,
        ScansService,
        ConnectivityService,
        DemoSimulator,
        DemoClusterService,
        FindingsService,
        ExceptionsService,
        WebhooksService,
        ReportsService,
        ReportDownloadService,
        SigningKeysService,
        ReportSchedulesService,
        FleetService,
        TrendsService,
      ],
    };
  }
}
