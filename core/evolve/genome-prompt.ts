/**
 * Between prompt files and genomes: the human-written prompt becomes the seed genome; a genome becomes a
 * prompt file (its messages and parameters, its few-shot rows written as `input -> expected` lines under an
 * `Examples:` heading in the first mutable message). Few-shot rows come from the selection split only.
 */
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import { renderMessages } from '../prompt/render.ts';
import type { DatasetRow, Message, ModelParameters, PromptFile, Role } from '../prompt/types.ts';

export function seedGenome(prompt: PromptFile): PromptGenome {
  const params: ModelParameters = prompt.modelParameters ?? {};
  const parameters: PromptGenome['parameters'] = {};
  if (params.temperature !== undefined) parameters.temperature = params.temperature;
  if (params.topP !== undefined) parameters.topP = params.topP;
  if (params.maxTokens !== undefined) parameters.maxTokens = params.maxTokens;
  return {
    messages: prompt.messages.map((m) => ({ role: m.role, content: m.content })),
    fewShot: [],
    parameters,
  };
}

/** One few-shot line for a dataset row: the rendered last user message, `->`, the expected answer. */
export function exampleLine(prompt: PromptFile, row: DatasetRow, file: string): string | undefined {
  if (row.expected === undefined) return undefined;
  const lastUser = prompt.messages
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.role === 'user')
    .at(-1);
  if (!lastUser) return undefined;
  let text: string;
  try {
    text = renderMessages([lastUser.m], row, file)[0]?.content ?? '';
  } catch {
    // A row the template cannot render makes no example line; the others still do.
    return undefined;
  }
  const one = text.replace(/\s+/g, ' ').trim();
  return one === '' ? undefined : `${one} -> ${String(row.expected)}`;
}

export function promptFromGenome(
  base: PromptFile,
  genome: PromptGenome,
  exampleLines: readonly (string | undefined)[],
  mutableRoles: readonly string[],
): PromptFile {
  const messages: Message[] = genome.messages.map((m) => ({ role: m.role as Role, content: m.content }));
  const lines = genome.fewShot.map((i) => exampleLines[i]).filter((l): l is string => l !== undefined);
  const target = messages.findIndex((m) => mutableRoles.includes(m.role));
  if (lines.length > 0 && target >= 0) {
    const m = messages[target] as Message;
    m.content = `${m.content.trimEnd()}\n\nExamples:\n${lines.join('\n')}`;
  }
  const modelParameters: ModelParameters = { ...base.modelParameters };
  for (const k of ['temperature', 'topP', 'maxTokens'] as const) {
    const v = genome.parameters[k];
    if (v !== undefined) modelParameters[k] = v;
  }
  const out: PromptFile = { ...base, messages };
  if (Object.keys(modelParameters).length > 0) out.modelParameters = modelParameters;
  return out;
}

/** Behaviour descriptors for MAP-Elites: instruction length in characters, few-shot count. */
export function descriptorsOf(genome: PromptGenome, mutableRoles: readonly string[]): number[] {
  const text = genome.messages
    .filter((m) => mutableRoles.includes(m.role))
    .map((m) => m.content)
    .join('\n');
  return [text.length, genome.fewShot.length];
}
