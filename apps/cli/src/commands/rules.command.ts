import type { Command } from 'commander';
import { CliError, type CliIo } from '../cli-io.js';
import { ruleListing } from '../output/json-report.js';
import { terminalStyle } from '../output/terminal-style.js';
import { selectRules } from '../scan/rule-selection.js';
import type { Severity } from '@meshguard/rules';

/** `meshguard rules`: list the catalog, optionally by area or framework. */
export function registerRulesCommand(program: Command, io: CliIo): void {
  program
    .command('rules')
    .description('list the rule catalog')
    .option('--area <area>', 'only rules of this area')
    .option('--framework <id>', 'only rules mapped to this framework')
    .option('-f, --format <format>', 'table or json', 'table')
    .action((options: { area?: string; framework?: string; format: string }) => {
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`unknown format "${options.format}"; use table or json`);
      const rules = selectRules({
        ...(options.area ? { area: options.area } : {}),
        ...(options.framework ? { framework: options.framework } : {}),
      });
      if (options.format === 'json') {
        io.stdout(`${JSON.stringify({ rules: rules.map(ruleListing) }, null, 2)}\n`);
        return;
      }
      const style = terminalStyle(io.isTty);
      const width = Math.max(...rules.map((rule) => rule.id.length), 10);
      for (const rule of rules)
        io.stdout(
          `${rule.id.padEnd(width)}  ${style.severity(rule.severity as Severity, rule.severity.padEnd(8))} ${rule.area.padEnd(13)} ${rule.title}\n`,
        );
      io.stdout(style.dim(`${rules.length} rule(s)\n`));
    });
}
