import type { Command } from 'commander';
import { catalog, controlsOfRule, frameworkById } from '@meshguard/rules';
import { CliError, type CliIo } from '../cli-io.js';

/** `meshguard explain RULE`: rationale, remediation, params, framework controls and other tools' ids. */
export function registerExplainCommand(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description(
      'explain a rule: why it matters, how to fix it, and how it maps to frameworks and other tools',
    )
    .argument('<rule>', 'rule id')
    .action((id: string) => {
      const rule = catalog.find((entry) => entry.id === id);
      if (!rule) {
        const close = catalog
          .filter((entry) => entry.id.includes(id) || id.includes(entry.id.split('-')[0] ?? ''))
          .slice(0, 5);
        throw new CliError(
          `unknown rule "${id}"${close.length ? `; did you mean ${close.map((entry) => entry.id).join(', ')}?` : ''} (see "meshguard rules")`,
        );
      }
      const lines = [
        `${rule.id} — ${rule.title}`,
        `area: ${rule.area}   severity: ${rule.severity}   evidence: ${rule.evidenceScope}   reads: ${rule.reads.join(', ') || '(server version)'}`,
        '',
        'Why',
        `  ${rule.rationale}`,
        '',
        'Fix',
        `  ${rule.remediation.text}`,
      ];
      if (rule.remediation.example)
        lines.push('', ...rule.remediation.example.split('\n').map((line) => `    ${line}`));
      const params = Object.entries(
        (rule.params ?? {}) as Record<string, { default: unknown; description: string }>,
      );
      if (params.length > 0)
        lines.push(
          '',
          'Params',
          ...params.map(
            ([name, param]) => `  ${name} (default ${JSON.stringify(param.default)}): ${param.description}`,
          ),
        );
      const controls = controlsOfRule(rule.id);
      if (controls.length > 0)
        lines.push(
          '',
          'Frameworks',
          ...controls.map(
            (control) =>
              `  ${frameworkById(control.framework)?.title ?? control.framework} ${control.control}: ${frameworkById(control.framework)?.controls.find((entry) => entry.id === control.control)?.title ?? ''}`,
          ),
        );
      const equivalents = Object.entries(rule.equivalents ?? {}).filter(([, ids]) => ids.length > 0);
      if (equivalents.length > 0)
        lines.push(
          '',
          'Same check in other tools',
          ...equivalents.map(([tool, ids]) => `  ${tool}: ${ids.join(', ')}`),
        );
      io.stdout(`${lines.join('\n')}\n`);
    });
}
