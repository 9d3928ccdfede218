import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ExceptionFileError, parseExceptions, type RuleException, type RuleParams } from '@meshguard/rules';
import { CliError } from '../cli-io.js';

async function readYaml(cwd: string, file: string, what: string): Promise<unknown> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    return parse(text);
  } catch (error) {
    throw new CliError(
      `${what} file ${path} is not valid YAML/JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}

/** Reads and validates an exceptions file (YAML or JSON); every problem is reported with its path. */
export async function readExceptionsFile(cwd: string, file: string): Promise<RuleException[]> {
  const data = await readYaml(cwd, file, 'exceptions');
  try {
    return parseExceptions(data);
  } catch (error) {
    if (error instanceof ExceptionFileError)
      throw new CliError(`exceptions file ${resolve(cwd, file)}: ${error.message}`);
    throw error;
  }
}

/** Reads a params file: a mapping of rule id to that rule's param overrides. */
export async function readParamsFile(cwd: string, file: string): Promise<Record<string, RuleParams>> {
  const data = await readYaml(cwd, file, 'params');
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new CliError(
      `params file ${resolve(cwd, file)} must map rule ids to param objects, e.g. "daemonset-required-agents: { requiredAgents: [kube-system/cilium] }"`,
    );
  for (const [ruleId, params] of Object.entries(data)) {
    if (!params || typeof params !== 'object' || Array.isArray(params))
      throw new CliError(`params file ${resolve(cwd, file)}: ${ruleId} must be an object of params`);
  }
  return data as Record<string, RuleParams>;
}
