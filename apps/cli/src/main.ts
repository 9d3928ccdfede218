#!/usr/bin/env node
import { runCli } from './cli-program.js';

// `meshguard rules | head`: the reader went away; stop quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
  cwd: process.cwd(),
  // eslint-disable-next-line no-restricted-syntax -- a CLI's environment is its configuration, as for kubectl
  env: process.env,
  stdinIsTty: process.stdin.isTTY === true,
  ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  readStdin: () => process.stdin,
});
process.exitCode = code;
