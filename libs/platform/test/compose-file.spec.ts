import { existsSync, readFileSync } from 'node:fs';
import { configVariables } from '@meshguard/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is checked by structure: parsed, then held to what the apps need.
const repoRoot = new URL('../../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', repoRoot), 'utf8'), {
  merge: true,
}) as ComposeFile;
const dockerfile = readFileSync(new URL('Dockerfile', repoRoot), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; retries: number };
  cap_drop?: string[];
  security_opt?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 16, Redis 7, the API and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(service('postgres').image).toMatch(/^postgres:16/);
    expect(service('redis').image).toMatch(/^redis:7/);
  });

  it('gives every service a health check, and starts the apps only once their dependencies are healthy', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.healthcheck?.test.length, `${name} healthcheck`).toBeGreaterThan(0);
    }
    for (const app of ['api', 'worker']) {
      expect(service(app).depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(service('api').healthcheck?.test.join(' ')).toContain('/readyz');
  });

  it('points the apps at the compose PostgreSQL and Redis through variables the config knows', () => {
    for (const app of ['api', 'worker']) {
      const environment = service(app).environment ?? {};
      expect(environment.DATABASE_URL).toMatch(/^postgresql:\/\/meshguard:.*@postgres:5432\/meshguard$/);
      expect(environment.REDIS_URL).toBe('redis://redis:6379');
      for (const variable of Object.keys(environment))
        expect(Object.keys(configVariables)).toContain(variable);
    }
  });

  it('publishes the API on 3000 and keeps the data stores on loopback', () => {
    expect(service('api').ports).toEqual(['3000:3000']);
    expect(service('api').environment?.PORT).toBe('3000');
    expect(service('postgres').ports).toEqual(['127.0.0.1:5432:5432']);
    expect(service('redis').ports).toEqual(['127.0.0.1:6379:6379']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['postgres-data', 'redis-data']);
  });

  it('drops every capability and forbids privilege escalation', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.cap_drop, name).toEqual(['ALL']);
      expect(svc.security_opt, name).toContain('no-new-privileges:true');
    }
  });

  it('runs commands the build produces, from a multi-stage Dockerfile', () => {
    for (const app of ['api', 'worker']) {
      expect(service(app).build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      const script = service(app).command?.[1] ?? '';
      expect(
        existsSync(new URL(script.replace('/dist/', '/src/').replace(/\.js$/, '.ts'), repoRoot)),
        script,
      ).toBe(true);
    }
    const workerProbe = service('worker').healthcheck?.test[2] ?? '';
    expect(
      existsSync(new URL(workerProbe.replace('/dist/', '/src/').replace(/\.js$/, '.ts'), repoRoot)),
    ).toBe(true);
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('has a small CLI target that installs the packed CLI and runs it as a non-root user', () => {
    const stages = dockerfile.split(/^(?=FROM )/m);
    const cli = stages.find((stage) => /^FROM \S+ AS cli$/m.test(stage)) ?? '';
    expect(cli).toMatch(/npm install --global --offline .*meshguard\.tgz/);
    expect(cli).toMatch(/^USER node$/m);
    expect(cli).toMatch(/^ENTRYPOINT \["meshguard"\]$/m);
    // The packing step exists, and the API image stays the default (last) target.
    expect(existsSync(new URL('apps/cli/scripts/pack.mjs', repoRoot))).toBe(true);
    expect(dockerfile).toMatch(/node apps\/cli\/scripts\/pack\.mjs/);
    expect(stages.at(-1)).toMatch(/^FROM \S+ AS runtime$/m);
  });
});
