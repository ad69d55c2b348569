/**
 * The settings `ci pr` runs a pull request with come from its BASE branch, never its head: evohub.yaml names
 * provider endpoints (a changed `baseUrl` would send the API key elsewhere), budgets and the custom provider
 * modules that may run (`providers.file.allow`). A pull request can change these for after its merge, not for
 * its own check. An allowed module that the pull request modifies is refused: the checkout holds the head's
 * version of it.
 */
import { parseEvohubConfig, withConfigDefaults } from '../../core/config/index.ts';
import type { EvohubConfig } from '../../core/config/types.ts';
import { ConfigError } from '../../core/errors.ts';

type ReadAt = { readFileAt(commit: string, path: string): Promise<{ text: string; blob: string } | null> };

export async function baseBranchConfig(repo: ReadAt, base: string, head: string): Promise<EvohubConfig> {
  const file = await repo.readFileAt(base, 'evohub.yaml');
  const config = withConfigDefaults(
    file === null ? {} : parseEvohubConfig(file.text, `evohub.yaml@${base.slice(0, 7)}`),
  );
  const allow = config.providers?.file?.allow ?? [];
  for (const entry of allow) {
    const path = entry.replace(/^\.\//, '');
    const [atBase, atHead] = await Promise.all([repo.readFileAt(base, path), repo.readFileAt(head, path)]);
    if (atBase?.blob !== atHead?.blob) {
      throw new ConfigError(
        `custom provider module ${entry} (allowed by the base branch's evohub.yaml) is changed by this pull request`,
        {
          location: { file: 'evohub.yaml', field: '/providers/file/allow' },
          hint: 'ci pr never runs provider code from the pull request itself; merge the module change on its own first',
        },
      );
    }
  }
  return config;
}
