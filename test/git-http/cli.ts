import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The git CLI, asynchronously: the smart-HTTP server runs in the test's own process, so a synchronous call would
 * block the event loop that has to answer it. No global or system config, no prompts.
 */
export async function cli(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Ada Tester',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Tester',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    },
  });
  return stdout;
}
