import { parseDocument } from 'yaml';
import { yamlErrorText } from '../normalize/yaml-error-text.js';
import type { KubeconfigProblem } from './kubeconfig-rejected.error.js';

export const defaultKubeconfigMaxBytes = 1024 * 1024;

/** Turns submitted bytes into a plain object, refusing oversized, non-UTF-8, multi-document or malformed input. */
export function readKubeconfigDocument(
  input: string | Uint8Array,
  maxBytes: number,
): { value: unknown; problem?: undefined } | { value?: undefined; problem: KubeconfigProblem } {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    return fail(
      `is ${size} bytes, larger than the ${maxBytes}-byte limit`,
      'submit only the one context meshguard needs (kubectl config view --minify --flatten)',
    );
  }
  if (size === 0) return fail('is empty', 'submit a kubeconfig file in YAML or JSON');

  let text: string;
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return fail('is not UTF-8 text', 'submit the kubeconfig as a YAML or JSON text file');
  }
  if (text.includes('\u0000'))
    return fail('contains NUL bytes', 'submit the kubeconfig as a YAML or JSON text file');

  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  const [error] = document.errors;
  if (error) {
    const where = error.linePos?.[0]
      ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
      : '';
    return fail(
      `is not valid YAML or JSON${where}: ${yamlErrorText(error.message)}`,
      'check the file with `kubectl config view --kubeconfig FILE`',
    );
  }
  try {
    // maxAliasCount 0 refuses YAML aliases outright: kubeconfigs never need them and they enable entity-expansion attacks.
    return { value: document.toJS({ maxAliasCount: 0 }) };
  } catch (cause) {
    return fail(
      `cannot be read: ${yamlErrorText((cause as Error).message)}`,
      'remove YAML anchors, aliases and custom tags',
    );
  }
}

function fail(reason: string, fix: string): { problem: KubeconfigProblem } {
  return { problem: { path: '(document)', reason: `the kubeconfig ${reason}`, fix } };
}
