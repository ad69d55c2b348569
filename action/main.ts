/**
 * The Action's entry, bundled with its dependencies into action/dist/ by scripts/build-action.ts (the runner
 * runs action.yml's `main` with no install step). Checked to be up to date by action/bundle.test.ts.
 */
import { runAction } from './run-action.ts';

process.exitCode = await runAction({
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
