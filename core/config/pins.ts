import type { Problem } from '../errors.ts';
import { didYouMean, locate, parseYamlSource, yamlData } from '../schema/index.ts';

/**
 * Pins in an environment file that name no known prompt (a typo, or a prompt that was renamed or deleted), each
 * located at its key. `known` are prompt names (file stems). A file that does not parse gives no pin problems
 * (its syntax and schema problems are reported by parseEnvironment).
 */
export function unknownPinProblems(text: string, file: string, known: readonly string[]): Problem[] {
  const { doc, problems } = parseYamlSource(text, file);
  if (problems.length > 0) return [];
  // Too many aliases is parseEnvironment's problem to report; here it only means no pins to check.
  const js = yamlData(doc, file);
  if (js.problems.length > 0) return [];
  const data = js.data as { prompts?: unknown } | null;
  const prompts = data?.prompts;
  if (prompts === null || typeof prompts !== 'object' || Array.isArray(prompts)) return [];
  return Object.keys(prompts)
    .filter((name) => !known.includes(name))
    .map((name) => {
      const suggestion = didYouMean(name, known);
      return {
        location: locate(doc, file, ['prompts', name], 'key'),
        message: `prompts.${name}: pins a prompt that does not exist (no ${name}.prompt.yml or ${name}.prompt.yaml)${
          suggestion ? ` (did you mean "${suggestion}"?)` : ''
        }`,
      };
    });
}
