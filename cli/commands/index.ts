import type { CommandModule } from '../command-module.ts';
import { dbCommand } from '../db/db-command.ts';
import { feedbackCommand } from '../feedback/feedback-command.ts';
import { similarCommand } from '../similar/similar-command.ts';
import { abCommand } from './ab.ts';
import { ciCommand } from './ci.ts';
import { diffCommand } from './diff.ts';
import { evalCommand } from './eval.ts';
import { evolveCommand } from './evolve.ts';
import { gateCommand } from './gate.ts';
import { initCommand } from './init.ts';
import { lineageCommand } from './lineage.ts';
import { logCommand } from './log.ts';
import { operatorCommand } from './operator.ts';
import { promoteCommand } from './promote.ts';
import { proposeCommand } from './propose.ts';
import { runsCommand } from './runs.ts';
import { showCommand } from './show.ts';
import { validateCommand } from './validate.ts';
import { workerCommand } from './worker.ts';

/** The registry of sub-commands, in the order `evohub --help` lists them. */
export const commandModules: readonly CommandModule[] = [
  initCommand,
  validateCommand,
  evalCommand,
  evolveCommand,
  proposeCommand,
  lineageCommand,
  runsCommand,
  dbCommand,
  logCommand,
  showCommand,
  similarCommand,
  feedbackCommand,
  diffCommand,
  promoteCommand,
  gateCommand,
  abCommand,
  ciCommand,
  workerCommand,
  operatorCommand,
];
