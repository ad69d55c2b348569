import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { Command, CommanderError } from 'commander';
import { isEvohubError } from '../core/errors.ts';
import { createRedactor, type Redactor, secretNamesInConfig, secretsFromEnv } from '../core/redact.ts';
import type { CommandModule } from './command-module.ts';
import { commandLoaders, loadCommandModules } from './commands/index.ts';
import type { CliContext } from './context.ts';
import { withSafeOutput } from './safe-output.ts';

const VERSION = '0.1.0';

/** The program with `modules` as its sub-commands (loadCommandModules(): all of them). */
export function buildProgram(ctx: CliContext, modules: readonly CommandModule[]): Command {
  const program = new Command('evohub')
    .description(
      'Evolution Hub: keep prompts in git, evaluate them on datasets, evolve better versions, ship winners as pull requests.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    .addHelpText('after', "\nRun `evohub <command> --help` for a command's options and examples.");
  for (const mod of modules) {
    const cmd = mod.create(ctx);
    // The listing shows the one-line summary; `evohub <command> --help` shows the full description.
    if (!cmd.summary()) cmd.summary(mod.summary);
    program.addCommand(cmd);
  }
  configureTree(program, ctx);
  return program;
}

/** addCommand() does not copy settings to sub-commands, so apply them to the whole tree. */
function configureTree(cmd: Command, ctx: CliContext): void {
  cmd.exitOverride();
  cmd.showHelpAfterError('(add --help for usage and examples)');
  cmd.configureOutput({
    writeOut: (s) => ctx.stdout.write(s),
    writeErr: (s) => ctx.stderr.write(s),
  });
  for (const sub of cmd.commands) configureTree(sub, ctx);
}

/** Runs `evohub` with the given arguments (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], rawCtx: CliContext): Promise<number> {
  // Everything printed, including errors quoting user content, goes out without raw control characters.
  const ctx = withSafeOutput(rawCtx);
  const debug = argv.includes('--debug');
  // Built once from the environment; everything a command prints or logs goes through it.
  const redact = redactorFor(ctx);
  const safe = redactingContext(ctx, redact);
  try {
    // `evohub <command> ...` needs that command only; help, --version and unknown commands (with their
    // suggestions) need every one.
    const first = argv[0];
    const only = first !== undefined && Object.hasOwn(commandLoaders, first) ? [first] : undefined;
    const program = buildProgram(safe, await loadCommandModules(only));
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // The one top-level handler: prints the typed error and turns it into the exit code.
    return handleError(error, safe, debug, redact);
  }
}

/**
 * The redactor for a command: every secret value in the environment, including the variables the repository's
 * evohub.yaml names as holding keys (`apiKeyEnv`), plus anything secret-shaped.
 */
export function redactorFor(ctx: Pick<CliContext, 'cwd' | 'env'>): Redactor {
  return createRedactor(secretsFromEnv(ctx.env, configSecretNames(ctx.cwd)));
}

/** Secret variable names from the nearest evohub.yaml at or above `cwd`; none when there is none. */
function configSecretNames(cwd: string): string[] {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    try {
      return secretNamesInConfig(readFileSync(path.join(dir, 'evohub.yaml'), 'utf8'));
    } catch {
      // No readable evohub.yaml here: look further up, as commands find the repository root.
    }
    if (path.dirname(dir) === dir) return [];
  }
}

/** The context with stdout and stderr redacted, so that logs and messages never carry a secret. */
export function redactingContext(ctx: CliContext, redact: Redactor): CliContext {
  const wrap = (out: CliContext['stdout']): CliContext['stdout'] => ({
    write: (chunk: string) => out.write(redact(typeof chunk === 'string' ? chunk : String(chunk))),
    ...(out.isTTY === undefined ? {} : { isTTY: out.isTTY }),
  });
  return { ...ctx, stdout: wrap(ctx.stdout), stderr: wrap(ctx.stderr) };
}

/**
 * The single top-level error handler: one line per problem; with --debug the stack and the `cause` chain.
 * Everything it prints is redacted, whatever stream it is given.
 */
export function handleError(
  error: unknown,
  rawCtx: CliContext,
  debug: boolean,
  redact: Redactor = redactorFor(rawCtx),
): number {
  // Error messages quote user input (names, values, paths): escaped like every other output (idempotent).
  const ctx = withSafeOutput(rawCtx);
  const write = (s: string) => ctx.stderr.write(redact(s));
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return 0;
    // commander already printed the message.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isEvohubError(error)) {
    if (!error.reported) write(`evohub: ${error.userMessage()}\n`);
    if (debug) write(`${debugDetail(error)}\n`);
    return error.exitCode;
  }
  const full = diskFull(error);
  if (full) {
    // A full disk is the machine's state, not a bug: one line saying what to do.
    write(
      `evohub: no space left on the device${full.path ? ` to write ${full.path}` : ''} (${full.code}); free disk space, then run the command again (evolve: add --resume)\n`,
    );
    if (debug) write(`${debugDetail(error as Error)}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`evohub: internal error (this is a bug, please report it): ${message}\n`);
  if (debug && error instanceof Error) write(`${debugDetail(error)}\n`);
  else write('evohub: re-run with --debug for the stack trace\n');
  return 1;
}

/** The ENOSPC/EDQUOT error in `error`'s cause chain (by code, or by message for native code), if any. */
function diskFull(error: unknown): { code: string; path?: string } | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 10; depth++) {
    const {
      code,
      path: file,
      cause,
      message,
    } = e as {
      code?: unknown;
      path?: unknown;
      cause?: unknown;
      message?: unknown;
    };
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      return typeof file === 'string' ? { code, path: file } : { code };
    }
    // Native libraries (DuckDB) report it in the message only.
    if (typeof message === 'string' && /no space left on device/i.test(message)) return { code: 'ENOSPC' };
    e = cause;
  }
  return null;
}

/** The stack, the `cause` chain and the error's own fields (an HTTP client's request and response). */
function debugDetail(error: Error): string {
  return inspect(error, { depth: 5, breakLength: 120 });
}
