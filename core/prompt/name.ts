/** Folders never searched for prompt files (in the working tree or in a commit's tree). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.evohub', '.git']);

/** File name endings of prompt files, longest first. */
const PROMPT_SUFFIXES = ['.prompt.yaml', '.prompt.yml', '.yaml', '.yml'] as const;

/**
 * A prompt's identifier: the file name stem (`prompts/ticket-triage.prompt.yml` → `ticket-triage`). Not the
 * `name` field, which GitHub Models uses as free text ("Text Summarizer").
 */
export function promptNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  for (const suffix of PROMPT_SUFFIXES) {
    if (base.length > suffix.length && base.toLowerCase().endsWith(suffix))
      return base.slice(0, -suffix.length);
  }
  return base;
}

/** True for `*.prompt.yml` / `*.prompt.yaml`, the names evohub finds prompt files by. */
export function isPromptFileName(path: string): boolean {
  const base = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  return /.\.prompt\.ya?ml$/.test(base);
}
