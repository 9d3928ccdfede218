import type { MeshguardConfig } from '@meshguard/config';

/** The URL a person on this machine opens: a wildcard bind address is shown as localhost. */
export function publicUrl(config: MeshguardConfig): string {
  const host = ['0.0.0.0', '::', '[::]'].includes(config.http.host) ? 'localhost' : config.http.host;
  return `http://${host}:${config.http.port}`;
}
