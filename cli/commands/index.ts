import type { CommandModule } from '../command-module.ts';

/**
 * The registry of sub-commands, in the order `evohub --help` lists them, each loaded on demand: `evohub show ...`
 * loads the declaration of `show` only, not the other nineteen (cold start of the everyday commands).
 */
export const commandLoaders: Readonly<Record<string, () => Promise<CommandModule>>> = {
  init: async () => (await import('../init/init-command.ts')).initCommand,
  validate: async () => (await import('../validate/validate-command.ts')).validateCommand,
  eval: async () => (await import('../eval/eval-command.ts')).evalCommand,
  evolve: async () => (await import('../evolve/evolve-command.ts')).evolveCommand,
  propose: async () => (await import('../propose/propose-command.ts')).proposeCommand,
  lineage: async () => (await import('../lineage/lineage-command.ts')).lineageCommand,
  runs: async () => (await import('../runs/runs-command.ts')).runsCommand,
  db: async () => (await import('../db/db-command.ts')).dbCommand,
  log: async () => (await import('../history/log-command.ts')).logCommand,
  show: async () => (await import('../history/show-command.ts')).showCommand,
  similar: async () => (await import('../similar/similar-command.ts')).similarCommand,
  feedback: async () => (await import('../feedback/feedback-command.ts')).feedbackCommand,
  diff: async () => (await import('../history/diff-command.ts')).diffCommand,
  promote: async () => (await import('../history/promote-command.ts')).promoteCommand,
  gate: async () => (await import('../gate/gate-command.ts')).gateCommand,
  ab: async () => (await import('../ab/ab-command.ts')).abCommand,
  serve: async () => (await import('../serve/serve-command.ts')).serveCommand,
  ci: async () => (await import('../ci/ci-command.ts')).ciCommand,
  worker: async () => (await import('../worker/worker-command.ts')).workerCommand,
  operator: async () => (await import('../operator/operator-command.ts')).operatorCommand,
};

/** The named sub-commands' modules (all of them when `names` is omitted), in registry order. */
export function loadCommandModules(names?: readonly string[]): Promise<CommandModule[]> {
  const wanted = names ?? Object.keys(commandLoaders);
  return Promise.all(
    Object.entries(commandLoaders)
      .filter(([name]) => wanted.includes(name))
      .map(([, load]) => load()),
  );
}
