import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Semaphore } from '../limits/semaphore.ts';
import { createModelCaller } from '../model-caller.ts';
import type { ChatResponse, Provider } from '../providers/provider.ts';
import { withCallSlots } from './call-slots.ts';

/** A provider that answers when the test says so, counting calls in flight. */
function gatedProvider() {
  const gates: (() => void)[] = [];
  const p = {
    id: 'stub/m',
    simulated: false,
    inFlight: 0,
    peak: 0,
    gates,
    async complete(): Promise<ChatResponse> {
      p.inFlight++;
      p.peak = Math.max(p.peak, p.inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      p.inFlight--;
      return { text: 'ok', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: 1, simulated: false };
    },
  };
  return p satisfies Provider;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("the worker's calls in flight are capped across all its jobs' callers, and every call completes", async () => {
  const provider = gatedProvider();
  const slots = new Semaphore(3);
  // Two jobs, each with its own caller (as evaluateJob makes them), sharing the worker's slots.
  const jobs = [0, 1].map(() => withCallSlots(createModelCaller({ provider }), slots));
  const calls = Array.from({ length: 8 }, (_, i) =>
    (jobs[i % 2] as (typeof jobs)[number]).call({ model: 'm', messages: [], parameters: {}, seed: i }),
  );
  await tick();
  assert.equal(provider.inFlight, 3, 'three calls reach the provider; the others wait for a slot');
  let answered = 0;
  while (answered < 8) {
    const gate = provider.gates.shift();
    if (gate) {
      gate();
      answered++;
    }
    await tick();
  }
  const results = await Promise.all(calls);
  assert.equal(results.length, 8);
  assert.equal(provider.peak, 3);
  assert.equal(slots.inFlight, 0, 'every slot is given back');
  assert.equal(jobs[0]?.counters.calls, 4, "the counters are the inner caller's");
});

test('no slots: the caller is used as it is', () => {
  const inner = createModelCaller({ provider: gatedProvider() });
  assert.equal(withCallSlots(inner, undefined), inner);
});
