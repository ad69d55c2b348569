/**
 * Cost of checking the local GitHub server against GitHub's OpenAPI description: loading the description once,
 * compiling a response validator, and validating one pull-request response (what every fake call pays).
 * Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { loadGitHubContract } from '../test/github/openapi.ts';

const t0 = performance.now();
const contract = loadGitHubContract();
const loadMs = performance.now() - t0;
const op = contract.findOperation('GET', '/repos/acme/prompts/pulls/1');
if (!op) throw new Error('pulls/get not found');
const body = contract.example(op, 200);
const t1 = performance.now();
contract.checkResponse(op, 200, body);
const compileMs = performance.now() - t1;
const n = 2000;
const t2 = performance.now();
for (let i = 0; i < n; i++) contract.checkResponse(op, 200, body);
const perCheckUs = ((performance.now() - t2) / n) * 1000;
const t3 = performance.now();
for (let i = 0; i < n; i++) contract.findOperation('PATCH', '/repos/acme/prompts/issues/comments/7');
const findUs = ((performance.now() - t3) / n) * 1000;
process.stdout.write(
  `${JSON.stringify({
    bench: 'github-contract',
    loadMs: Math.round(loadMs),
    firstCompileMs: Math.round(compileMs),
    validatePullResponseUs: Number(perCheckUs.toFixed(1)),
    findOperationUs: Number(findUs.toFixed(1)),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  })}\n`,
);
