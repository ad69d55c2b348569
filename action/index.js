// The runner requires a JavaScript `main`. Node 24 (runs.using: node24) strips TypeScript types by default for
// files outside node_modules, so this entry imports the TypeScript one directly; no build step.
import { runAction } from './run-action.ts';

process.exitCode = await runAction({
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
