import type { Severity } from '@meshguard/rules';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  status(status: string, text: string): string;
}

const wrap = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const severityColours: Record<Severity, string> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  info: '37',
};
const statusColours: Record<string, string> = {
  fail: '31',
  pass: '32',
  'not-applicable': '90',
  'not-assessable': '33',
  manual: '35',
  error: '1;31',
  open: '31',
  excepted: '90',
  accepted: '35',
};

/** ANSI styling on a terminal, plain text otherwise. */
export function terminalStyle(colour: boolean): Style {
  if (!colour)
    return {
      bold: (text) => text,
      dim: (text) => text,
      severity: (_, text) => text,
      status: (_, text) => text,
    };
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    severity: (severity, text) => wrap(severityColours[severity])(text),
    status: (status, text) => wrap(statusColours[status] ?? '0')(text),
  };
}
