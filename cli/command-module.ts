import type { Command } from 'commander';
import type { CliContext } from './context.ts';

/**
 * One `evohub` sub-command. The factory only declares options and help; the action imports its
 * implementation lazily so that `evohub --help` does not load heavy dependencies.
 */
export type CommandModule = {
  name: string;
  summary: string;
  create: (ctx: CliContext) => Command;
};
