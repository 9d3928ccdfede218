import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { RunningSimulator } from '@meshguard/k8s-sim';
import type { MeshguardConfig } from '@meshguard/config';
import { MESHGUARD_CONFIG } from '../app/tokens.js';

/** The loopback address the bundled simulator listens on: the one address the demo cluster alone may be reached at. */
export const demoAddress = '127.0.0.1';
/** The cluster changes this often (a few things broken, fixed or changed), so each scheduled scan sees a difference. */
const churnIntervalMs = 120_000;

/**
 * The bundled simulated cluster, started on first use in this process and stopped with the app. One simulator serves
 * every tenant's demo cluster; each tenant registers its own cluster with its own sealed kubeconfig.
 */
@Injectable()
export class DemoSimulator implements OnApplicationShutdown {
  private running: Promise<RunningSimulator> | undefined;

  constructor(@Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig) {}

  /** Only without DATABASE_URL (the embedded `npm start`) and outside production. */
  get available(): boolean {
    return this.config.database.kind === 'embedded' && this.config.env !== 'production';
  }

  simulator(): Promise<RunningSimulator> {
    // Loaded here, not at start-up: the simulator (its generator, TLS authority, YAML) is ~0.25 s and 17 MB to load.
    this.running ??= import('@meshguard/k8s-sim')
      .then(({ startSimulator }) =>
        startSimulator({
          preset: 'demo',
          seed: 42,
          host: demoAddress,
          churn: { seed: 7, intervalMs: churnIntervalMs },
        }),
      )
      .catch((error: unknown) => {
        this.running = undefined;
        throw error;
      });
    return this.running;
  }

  /** Whether this process's simulator serves `serverUrl` (a demo cluster registered before a restart does not). */
  async serves(serverUrl: string): Promise<boolean> {
    return this.running !== undefined && (await this.running).url === serverUrl;
  }

  async onApplicationShutdown(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await (await running.catch(() => undefined))?.stop();
  }
}
