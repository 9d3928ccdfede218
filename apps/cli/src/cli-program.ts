import { Command, CommanderError } from 'commander';
import { CliError, exitCodes, type CliIo } from './cli-io.js';
import { registerExplainCommand } from './commands/explain.command.js';
import { registerNetpolCommands } from './commands/netpol.command.js';
import { registerReportCommand } from './commands/report.command.js';
import { registerRulesCommand } from './commands/rules.command.js';
import { registerScanCommand } from './commands/scan.command.js';
import { toolInfo } from './tool-info.js';

/** Runs the CLI with `argv` (without node and script) and returns the exit code; output goes through `io`. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const program = new Command()
    .name('meshguard')
    .description(
      'Kubernetes network-security compliance: precise rules, NetworkPolicy reachability, framework mappings.',
    )
    .version(toolInfo.version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  registerScanCommand(program, io, (code) => (exitCode = code));
  registerRulesCommand(program, io);
  registerExplainCommand(program, io);
  registerNetpolCommands(program, io, (code) => (exitCode = code));
  registerReportCommand(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    if (error instanceof CliError) {
      io.stderr(`meshguard: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(
      `meshguard: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return exitCodes.usage;
  }
}
