import type { CommandModule } from '../command-module.ts';

/** The registry of sub-commands, in the order `evohub --help` lists them. */
export const commandModules: readonly CommandModule[] = [];
