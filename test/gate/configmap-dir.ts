/** Writes files the way the kubelet mounts a ConfigMap: `<key> -> ..data/<key>`, `..data -> ..<timestamp>/`. */
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeConfigMapDir(
  dir: string,
  files: Record<string, string>,
  stamp: string,
): Promise<void> {
  const snapshot = `..${stamp}`;
  await mkdir(join(dir, snapshot), { recursive: true });
  for (const [key, text] of Object.entries(files)) await writeFile(join(dir, snapshot, key), text);
  // The kubelet swaps `..data` atomically: a new link renamed over the old one.
  await symlink(snapshot, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  for (const key of Object.keys(files)) await symlink(join('..data', key), join(dir, key)).catch(() => {});
}

export function promptYaml(version: number, system: string): string {
  return [
    `version: ${version}`,
    'model: simulated/support',
    'messages:',
    '  - role: system',
    `    content: ${JSON.stringify(system)}`,
    '  - role: user',
    '    content: "{{question}}"',
    '',
  ].join('\n');
}
