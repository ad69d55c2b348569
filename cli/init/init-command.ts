import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import type { CliContext } from '../context.ts';

/** The project's own templates folder (scaffolding sources ship with evohub). */
export const TEMPLATES_ROOT = fileURLToPath(new URL('../../templates/', import.meta.url));

type InitOpts = { template: string; listTemplates?: boolean; json?: boolean };

async function action(ctx: CliContext, dir: string | undefined, opts: InitOpts): Promise<void> {
  const path = await import('node:path');
  const { listTemplates, runInit } = await import('./scaffold.ts');
  if (opts.listTemplates) {
    for (const t of await listTemplates(TEMPLATES_ROOT))
      ctx.stdout.write(`${t.name.padEnd(16)} ${t.description}\n`);
    return;
  }
  const { cliAuthor } = await import('../history/open-repo.ts');
  const target = path.resolve(ctx.cwd, dir ?? '.');
  const r = await runInit(TEMPLATES_ROOT, opts.template, target, await cliAuthor(ctx));
  if (opts.json) {
    ctx.stdout.write(
      `${JSON.stringify(
        {
          template: r.template,
          root: r.root,
          target: r.target,
          createdRepository: r.createdRepository,
          added: r.add,
          skipped: r.skip,
          commit: r.commit,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (r.createdRepository) ctx.stdout.write(`initialised a git repository in ${r.root}\n`);
  for (const f of r.add) ctx.stdout.write(`  added    ${f}\n`);
  for (const f of r.skip) ctx.stdout.write(`  kept     ${f} (exists)\n`);
  ctx.stdout.write(
    r.commit
      ? `committed ${r.add.length} file(s) as ${r.commit.slice(0, 7)} (template ${r.template})\n`
      : 'nothing to add: every template file exists already\n',
  );
}

export const initCommand: CommandModule = {
  name: 'init',
  summary: 'scaffold a prompt repository from a template and make the first commit',
  create: (ctx) =>
    new Command('init')
      .summary('scaffold a prompt repository from a template and make the first commit')
      .description(
        'Scaffold a prompt repository from a template. In a new or empty folder: git init, write the files, commit. ' +
          'Inside an existing repository: add only missing files (nothing is overwritten) and commit just those.',
      )
      .argument('[dir]', 'folder to scaffold (created if missing)', '.')
      .option('-t, --template <name>', 'template to use (see --list-templates)', 'classification')
      .option('--list-templates', 'list the available templates and exit')
      .option('--json', 'print {template, root, target, createdRepository, added, skipped, commit}')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub init my-prompts                        # classification template, new repository
  npx evohub init my-prompts --template extraction
  npx evohub init .                                 # add missing files to the current repository
  npx evohub init --list-templates`,
      )
      .action((dir: string | undefined, opts: InitOpts) => action(ctx, dir, opts)),
};
