/**
 * The Action's thin entry (changesets/action's `src/index.ts` shape): read the inputs the runner passes as
 * INPUT_<NAME> variables, turn them into `evohub` arguments, and run the same CLI code. The token input is
 * handed to the command through its context's env (GITHUB_TOKEN), never on the command line.
 */
import type { CliContext, Output } from '../cli/context.ts';
import { handleError, runCli } from '../cli/main.ts';
import { UsageError } from '../core/errors.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** An input as the runner passes it: `INPUT_` + the name upper-cased with spaces as `_` (hyphens stay). */
export function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type ActionCommand = {
  description: string;
  args: (env: Env) => string[];
  /** Stores its run in the DuckDB results store (a native module the bundled Action does not carry). */
  storesResults?: boolean;
};

/** Whether DuckDB's native module resolves from here (it does in a checkout or an install, not in the bundle). */
export function duckDbResolves(): boolean {
  try {
    import.meta.resolve('@duckdb/node-api');
    return true;
  } catch {
    // Not resolvable is the answer asked for (the bundle has no native module), not a failure.
    return false;
  }
}

/** The commands the action runs, by the `command` input. */
export const ACTION_COMMANDS: Record<string, ActionCommand> = {
  pr: {
    description: 'compare the prompt files a pull request changes and comment (evohub ci pr)',
    args: (env) => {
      const args = ['ci', 'pr'];
      for (const g of list(input(env, 'prompts'))) args.push('--prompts', g);
      const opt = (name: string, flag: string) => {
        const v = input(env, name);
        if (v) args.push(flag, v);
      };
      opt('threshold', '--threshold');
      opt('provider', '--provider');
      opt('budget-usd', '--budget-usd');
      opt('budget-evals', '--budget-evals');
      if (input(env, 'comment') === 'false') args.push('--no-comment');
      return args;
    },
  },
  evolve: {
    description: 'evolve a prompt and open a pull request with the winner (evohub ci evolve; output pr-url)',
    storesResults: true,
    args: (env) => {
      const prompt = input(env, 'prompt');
      if (!prompt) {
        throw new UsageError('command `evolve` needs the `prompt` input', {
          hint: 'with: { command: evolve, prompt: ticket-triage }',
        });
      }
      const args = ['ci', 'evolve', prompt];
      const opt = (name: string, flag: string) => {
        const v = input(env, name);
        if (v) args.push(flag, v);
      };
      opt('algorithm', '--algorithm');
      opt('generations', '--generations');
      opt('seed', '--seed');
      opt('budget-usd', '--budget-usd');
      opt('budget-evals', '--budget-evals');
      return args;
    },
  },
};

export async function runAction(io: {
  env: Env;
  cwd: string;
  stdout: Output;
  stderr: Output;
  /** Defaults to duckDbResolves(); injected by tests. */
  resultsStoreAvailable?: () => boolean;
}): Promise<number> {
  const token = input(io.env, 'github-token');
  const env: Record<string, string | undefined> = { ...io.env, ...(token ? { GITHUB_TOKEN: token } : {}) };
  const ctx: CliContext = {
    cwd: io.env.GITHUB_WORKSPACE || io.cwd,
    env,
    stdout: io.stdout,
    stderr: io.stderr,
    readStdin: async () => '',
  };
  try {
    const name = input(io.env, 'command') || 'pr';
    const command = ACTION_COMMANDS[name];
    if (!command) {
      throw new UsageError(`unknown command input "${name}"`, {
        hint: `known: ${Object.entries(ACTION_COMMANDS)
          .map(([k, c]) => `${k} (${c.description})`)
          .join(', ')}`,
      });
    }
    if (command.storesResults && !(io.resultsStoreAvailable ?? duckDbResolves)()) {
      throw new UsageError(
        `command \`${name}\` stores its run in DuckDB, whose native module the bundled Action cannot carry`,
        {
          hint: 'run it from the installed package instead: `npm i -D evohub` and `npx evohub ci evolve <prompt>` (the scaffolded evohub-evolve.yml does this; see docs/github.md)',
        },
      );
    }
    const missing = list(input(io.env, 'provider-key-variables')).filter((v) => !io.env[v]);
    if (missing.length) {
      throw new UsageError(`provider key variable(s) not set: ${missing.join(', ')}`, {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax, shown to the user.
        hint: 'set them in the step env from repository secrets, e.g. OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}',
      });
    }
    return await runCli(command.args(io.env), ctx);
  } catch (error) {
    // The one top-level handler: prints the typed error and turns it into the exit code.
    return handleError(error, ctx, false);
  }
}
