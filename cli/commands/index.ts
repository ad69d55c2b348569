import { abCommand } from '../ab/ab-command.ts';
import { ciCommand } from '../ci/ci-command.ts';
import type { CommandModule } from '../command-module.ts';
import { dbCommand } from '../db/db-command.ts';
import { evalCommand } from '../eval/eval-command.ts';
import { evolveCommand } from '../evolve/evolve-command.ts';
import { feedbackCommand } from '../feedback/feedback-command.ts';
import { gateCommand } from '../gate/gate-command.ts';
import { diffCommand } from '../history/diff-command.ts';
import { logCommand } from '../history/log-command.ts';
import { promoteCommand } from '../history/promote-command.ts';
import { showCommand } from '../history/show-command.ts';
import { initCommand } from '../init/init-command.ts';
import { lineageCommand } from '../lineage/lineage-command.ts';
import { operatorCommand } from '../operator/operator-command.ts';
import { proposeCommand } from '../propose/propose-command.ts';
import { runsCommand } from '../runs/runs-command.ts';
import { serveCommand } from '../serve/serve-command.ts';
import { similarCommand } from '../similar/similar-command.ts';
import { validateCommand } from '../validate/validate-command.ts';
import { workerCommand } from '../worker/worker-command.ts';

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
  serveCommand,
  ciCommand,
  workerCommand,
  operatorCommand,
];
