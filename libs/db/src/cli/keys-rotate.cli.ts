import { runKeysRotateCommand } from './keys-rotate-command.js';

// The one place this process hands its environment to the validated config.
// eslint-disable-next-line no-restricted-syntax
const exitCode = await runKeysRotateCommand(process.env, {
  info: (line) => console.log(line),
  error: (line) => console.error(line),
});
process.exitCode = exitCode;
