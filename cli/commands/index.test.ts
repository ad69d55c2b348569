import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';
import { commandLoaders, loadCommandModules } from './index.ts';

test('each loader yields the command of its name; all load in registry order', async () => {
  const all = await loadCommandModules();
  assert.deepEqual(
    all.map((m) => m.name),
    Object.keys(commandLoaders),
  );
  for (const m of all) assert.equal(m.create(memoryContext(process.cwd()).ctx).name(), m.name);
  assert.deepEqual(
    (await loadCommandModules(['show', 'log'])).map((m) => m.name),
    ['log', 'show'],
  );
});

test("a sub-command's help reads the same whether the others are loaded or not", async () => {
  const alone = memoryContext(process.cwd());
  assert.equal(await runCli(['show', '--help'], alone.ctx), 0);
  const { buildProgram } = await import('../main.ts');
  const full = memoryContext(process.cwd());
  const program = buildProgram(full.ctx, await loadCommandModules());
  await program.parseAsync(['show', '--help'], { from: 'user' }).catch(() => {});
  assert.match(alone.stdout(), /Usage: evohub show \[options\] <name@rev>/);
  assert.equal(alone.stdout(), full.stdout());
});
