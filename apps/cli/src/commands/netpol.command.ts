import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

/**
 * The place for `meshguard netpol connectivity|can|exposure|diff|check`, backed by the NetworkPolicy reachability
 * engine (libs/rules/src/netpol). Each subcommand registers on the `netpol` command created here and reuses
 * loadSnapshot (scan/snapshot-source.ts) for its `<files|dirs…>` / `--kubeconfig` input.
 */
export function registerNetpolCommands(program: Command, _io: CliIo): Command {
  return program.command('netpol').description('NetworkPolicy reachability: who can talk to whom');
}
