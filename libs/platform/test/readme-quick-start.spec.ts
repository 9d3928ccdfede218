import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// README's quick start is a promise to a newcomer; CI must run exactly what it tells them.
const repoRoot = new URL('../../../', import.meta.url);
const readme = readFileSync(new URL('README.md', repoRoot), 'utf8');
const ciScript = readFileSync(new URL('.ci/run', repoRoot), 'utf8');

function quickStartCommands(): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start'));
  if (!section) throw new Error('README.md has no "## Quick start" section');
  // Shell blocks are the commands; a `text` block shows what they print.
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => (match[1] ?? '').trim());
}

describe('README quick start', () => {
  it('holds exactly two commands: one runs the product, one runs the tests', () => {
    const commands = quickStartCommands();
    expect(commands).toHaveLength(2);
    expect(commands[0]).toBe('npm ci && npm start');
    expect(commands[1]).toBe('npm ci && npm test');
  });

  it('is what .ci/run executes, verbatim', () => {
    const testCommand = quickStartCommands()[1] ?? '';
    const ciLines = ciScript.split('\n').map((line) => line.trim());
    expect(ciLines).toContain(testCommand);
  });

  it('names the URL the product serves', () => {
    const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start')) ?? '';
    expect(section).toContain('http://localhost:3000');
  });
});
