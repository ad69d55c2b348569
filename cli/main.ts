import { Command, CommanderError } from 'commander';
import { isEvohubError } from '../core/errors.ts';
import { commandModules } from './commands/index.ts';
import type { CliContext } from './context.ts';

const VERSION = '0.1.0';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('evohub')
    .description(
      'Evolution Hub: keep prompts in git, evaluate them on datasets, evolve better versions, ship winners as pull requests.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    .addHelpText('after', "\nRun `evohub <command> --help` for a command's options and examples.");
  for (const mod of commandModules) {
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
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // The one top-level handler: prints the typed error and turns it into the exit code.
    return handleError(error, ctx, debug);
  }
}

/** The single top-level error handler: one line per problem, stack only with --debug. */
export function handleError(error: unknown, ctx: CliContext, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return 0;
    // commander already printed the message.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isEvohubError(error)) {
    if (!error.reported) ctx.stderr.write(`evohub: ${error.userMessage()}\n`);
    if (debug && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`evohub: internal error (this is a bug, please report it): ${message}\n`);
  if (debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  else ctx.stderr.write('evohub: re-run with --debug for the stack trace\n');
  return 1;
}
