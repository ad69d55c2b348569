/**
 * Message/section crossover for prompt genomes. Messages are aligned by position; for each pair with the same,
 * mutable role, the contents are split into sections (markdown headings, else blank-line paragraphs): with equal
 * section counts each section is swapped with probability ½, otherwise a one-point crossover splices the section
 * lists (a section both parents share is kept once). A child message that would lose or gain a `{{placeholder}}` keeps its parent's text. Few-shot lists come
 * whole from either parent; each model parameter from either parent.
 */
import type { Rng } from '../rng.ts';
import type { CrossoverOperator } from '../types.ts';
import { clonePrompt, mutableRoles, PARAMETER_NAMES, type PromptGenome } from './genome.ts';
import { joinSections, samePlaceholders, splitSections } from './text.ts';

function unique(sections: string[]): string[] {
  const seen = new Set<string>();
  return sections.filter((s) => {
    const k = s.trim();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function crossContent(a: string, b: string, rng: Rng): [string, string] {
  const sa = splitSections(a);
  const sb = splitSections(b);
  let x: string[];
  let y: string[];
  if (sa.sections.length === sb.sections.length) {
    x = sa.sections.slice();
    y = sb.sections.slice();
    for (let i = 0; i < x.length; i++) {
      if (rng.float() < 0.5) {
        const t = x[i]!;
        x[i] = y[i]!;
        y[i] = t;
      }
    }
  } else {
    const ca = 1 + rng.int(Math.max(1, sa.sections.length - 1));
    const cb = 1 + rng.int(Math.max(1, sb.sections.length - 1));
    x = [...sa.sections.slice(0, ca), ...sb.sections.slice(cb)];
    y = [...sb.sections.slice(0, cb), ...sa.sections.slice(ca)];
  }
  // A splice can bring the same section twice (both parents had it); keep the first.
  const c1 = joinSections(unique(x), sa.joiner);
  const c2 = joinSections(unique(y), sb.joiner);
  return [samePlaceholders(c1, a) && c1.trim() ? c1 : a, samePlaceholders(c2, b) && c2.trim() ? c2 : b];
}

export const sectionCrossover: CrossoverOperator<PromptGenome> = {
  name: 'section',
  description:
    'swaps or splices sections (markdown headings / paragraphs) of aligned messages between two prompts',
  genomeTypes: ['prompt'],
  options: [
    {
      name: 'probability',
      type: 'number',
      default: 0.9,
      min: 0,
      max: 1,
      description: 'crossover probability',
    },
  ],
  apply(a, b, rng, options, genomeOptions) {
    const c1 = clonePrompt(a);
    const c2 = clonePrompt(b);
    if (rng.float() > (options.probability as number)) return [c1, c2];
    const roles = mutableRoles(genomeOptions);
    const n = Math.min(a.messages.length, b.messages.length);
    for (let i = 0; i < n; i++) {
      const ma = a.messages[i]!;
      const mb = b.messages[i]!;
      if (ma.role !== mb.role || !roles.includes(ma.role)) continue;
      const [x, y] = crossContent(ma.content, mb.content, rng);
      c1.messages[i]!.content = x;
      c2.messages[i]!.content = y;
    }
    if (rng.float() < 0.5) {
      c1.fewShot = b.fewShot.slice();
      c2.fewShot = a.fewShot.slice();
    }
    for (const p of PARAMETER_NAMES) {
      if (rng.float() < 0.5) {
        const t = c1.parameters[p];
        const u = c2.parameters[p];
        if (u === undefined) delete c1.parameters[p];
        else c1.parameters[p] = u;
        if (t === undefined) delete c2.parameters[p];
        else c2.parameters[p] = t;
      }
    }
    return [c1, c2];
  },
};
