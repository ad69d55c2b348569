/**
 * What `evohub evolve` evolves: a new run's prompt file, or the source a checkpoint recorded (`--resume`, or
 * `--run-id` of a run that has one), with the checks that a resumed run keeps its settings and prompt.
 */
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { LOOP_STATE_FORMAT, type LoopState } from '../../core/evolve/loop-state.ts';
import type { CheckpointStore } from '../../core/ports/checkpoint-store.ts';
import { readTextFile } from '../../core/prompt/files.ts';
import { requireCheckpoint } from '../../evaluator/evolve/checkpoint-store.ts';
import type { CliContext } from '../context.ts';
import { resolvePromptArg } from '../shared/resolve-prompt.ts';
import type { EvolveCommandFlags } from './flags.ts';

export type EvolveSourceText = { resume: LoopState | undefined; relPath: string; text: string };

export async function evolveSource(
  ctx: CliContext,
  promptArg: string | undefined,
  flags: EvolveCommandFlags,
  root: string,
  checkpoints: CheckpointStore,
): Promise<EvolveSourceText> {
  let resume: LoopState | undefined;
  let relPath: string;
  let text: string;
  // --run-id with a checkpoint: the retried coordinator continues where it was (the run keeps its settings).
  const existing = flags.runId !== undefined ? await checkpoints.latest(flags.runId) : undefined;
  if (existing) {
    resume = loopStateOf(existing.state, flags.runId as string);
    relPath = resume.source.file;
    text = resume.source.text;
  } else if (flags.resume) {
    // A resumed run keeps the settings it started with (same seed, same result); refuse flags that would differ.
    const fixed = [
      'algorithm',
      'population',
      'generations',
      'objectives',
      'budgetEvals',
      'budgetUsd',
      'seed',
      'optimizer',
      'heldOut',
    ] as const;
    const given = fixed.filter((k) => flags[k] !== undefined);
    if (given.length > 0 || flags.racing === false || flags.surrogate) {
      throw new UsageError('--resume continues a run with the settings it started with', {
        hint: `drop ${[...given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`), ...(flags.racing === false ? ['--no-racing'] : []), ...(flags.surrogate ? ['--surrogate'] : [])].join(', ')}`,
      });
    }
    resume = loopStateOf((await requireCheckpoint(checkpoints, flags.resume)).state, flags.resume);
    relPath = resume.source.file;
    text = resume.source.text;
    if (promptArg) {
      const given = await resolvePromptArg(promptArg, ctx.cwd, root);
      if (given.relPath !== relPath)
        throw new UsageError(`run ${flags.resume} evolves ${relPath}, not ${given.relPath}`);
    }
  } else {
    if (!promptArg)
      throw new UsageError('name the prompt to evolve', {
        hint: 'npx evohub evolve <prompt>, or --resume <run-id>',
      });
    relPath = (await resolvePromptArg(promptArg, ctx.cwd, root)).relPath;
    text = await readTextFile(join(root, relPath), 'prompt file');
  }
  return { resume, relPath, text };
}

/** A checkpoint's loop state, refused when it was written in a format this version cannot continue. */
function loopStateOf(state: unknown, runId: string): LoopState {
  const loop = state as LoopState;
  if (loop.format !== LOOP_STATE_FORMAT)
    throw new UsageError(`run ${runId} has a checkpoint of an unknown format`);
  return loop;
}
