/**
 * The prompt genome: the messages, the few-shot examples (row indexes into the dataset, in order) and the model
 * parameters. Only messages whose role is in `mutableRoles` are changed by the structural operators; template
 * placeholders (`{{var}}`) always survive.
 */
import type { Options } from '../registry.ts';
import type { GenomeType } from '../types.ts';

export type PromptMessage = { role: string; content: string };

export type PromptParameters = { temperature?: number; topP?: number; maxTokens?: number };

export type PromptGenome = {
  messages: PromptMessage[];
  fewShot: number[];
  parameters: PromptParameters;
};

export type ParameterName = keyof PromptParameters;

export const PARAMETER_NAMES: readonly ParameterName[] = ['temperature', 'topP', 'maxTokens'];

export function parameterBounds(options: Options, name: ParameterName): [number, number] {
  return options[name] as [number, number];
}

export function mutableRoles(options: Options): string[] {
  return options.mutableRoles as string[];
}

/** Indexes of the messages the operators may edit. */
export function mutableMessages(genome: PromptGenome, options: Options): number[] {
  const roles = mutableRoles(options);
  return genome.messages.flatMap((m, i) => (roles.includes(m.role) ? [i] : []));
}

function tokens(genome: PromptGenome): Set<string> {
  return new Set(
    genome.messages
      .map((m) => m.content)
      .join(' ')
      .toLowerCase()
      .split(/\W+/)
      .filter(Boolean),
  );
}

export const promptGenome: GenomeType<PromptGenome> = {
  name: 'prompt',
  description: 'a prompt: messages, few-shot row indexes and model parameters (temperature, topP, maxTokens)',
  options: [
    {
      name: 'datasetSize',
      type: 'integer',
      default: 0,
      min: 0,
      description: 'rows available as few-shot examples',
    },
    {
      name: 'maxFewShot',
      type: 'integer',
      default: 4,
      min: 0,
      description: 'most few-shot examples in a prompt',
    },
    {
      name: 'mutableRoles',
      type: 'object',
      default: ['system'],
      description: 'roles whose messages may change',
    },
    { name: 'temperature', type: 'number[]', default: [0, 2], description: 'bounds of temperature' },
    { name: 'topP', type: 'number[]', default: [0, 1], description: 'bounds of topP' },
    {
      name: 'maxTokens',
      type: 'number[]',
      default: [16, 4096],
      description: 'bounds of maxTokens (an integer)',
    },
  ],
  key: (g) =>
    JSON.stringify([
      g.messages.map((m) => [m.role, m.content]),
      g.fewShot,
      PARAMETER_NAMES.map((p) => g.parameters[p] ?? null),
    ]),
  distance(a, b, options) {
    const ta = tokens(a);
    const tb = tokens(b);
    let inter = 0;
    for (const t of ta) if (tb.has(t)) inter++;
    const union = ta.size + tb.size - inter;
    const text = union === 0 ? 0 : 1 - inter / union;
    const fa = new Set(a.fewShot);
    const shots = a.fewShot.length + b.fewShot.length === 0 ? 0 : b.fewShot.filter((i) => !fa.has(i)).length;
    let params = 0;
    for (const p of PARAMETER_NAMES) {
      const [lo, hi] = parameterBounds(options, p);
      params += Math.abs((a.parameters[p] ?? lo) - (b.parameters[p] ?? lo)) / (hi - lo);
    }
    return text + shots / Math.max(1, options.maxFewShot as number) + params / PARAMETER_NAMES.length;
  },
  check(genome, options) {
    const g = genome as PromptGenome;
    if (typeof g !== 'object' || g === null || !Array.isArray(g.messages) || g.messages.length === 0) {
      return 'a prompt genome needs a non-empty messages array';
    }
    for (const [i, m] of g.messages.entries()) {
      if (typeof m?.role !== 'string' || typeof m.content !== 'string')
        return `messages[${i}] needs role and content`;
    }
    if (!Array.isArray(g.fewShot)) return 'fewShot must be an array of row indexes';
    const size = options.datasetSize as number;
    for (const i of g.fewShot) {
      if (!Number.isInteger(i) || i < 0 || (size > 0 && i >= size))
        return `fewShot row ${i} is not in [0, ${size})`;
    }
    if (typeof g.parameters !== 'object' || g.parameters === null) return 'parameters must be an object';
    for (const p of PARAMETER_NAMES) {
      const v = g.parameters[p];
      if (v === undefined) continue;
      const [lo, hi] = parameterBounds(options, p);
      if (typeof v !== 'number' || v < lo || v > hi) return `parameters.${p} must be in [${lo}, ${hi}]`;
    }
    return undefined;
  },
};

/** A deep copy (operators never alias their parents). */
export function clonePrompt(g: PromptGenome): PromptGenome {
  return {
    messages: g.messages.map((m) => ({ role: m.role, content: m.content })),
    fewShot: g.fewShot.slice(),
    parameters: { ...g.parameters },
  };
}
