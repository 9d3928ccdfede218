import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** What the figures were measured on: cores, load, memory, node; printed with every table because figures depend on it. */
export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly loadAverage: readonly [number, number, number];
  readonly memoryGb: number;
  readonly freeMemoryGb: number;
  readonly node: string;
  readonly at: string;
}

export function describeMachine(): Machine {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    loadAverage: [one, five, fifteen].map((value) => Math.round(value * 10) / 10) as [number, number, number],
    memoryGb: Math.round(totalmem() / 1e8) / 10,
    freeMemoryGb: Math.round(freemem() / 1e8) / 10,
    node: process.version,
    at: new Date().toISOString(),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.at}  ${machine.cores} cores (${machine.cpu}), load average ${machine.loadAverage.join(' / ')}, ` +
    `${machine.freeMemoryGb} of ${machine.memoryGb} GB free, node ${machine.node}`
  );
}
