/**
 * Runs a test server in its own process (benchmarks keep its CPU apart from the client's):
 *   npx node test/servers/serve.ts [--kind openai|anthropic] [--delay-ms 1000] [--text ok]
 * Prints one JSON line `{"url": ..., "baseUrl": ...}` on stdout when listening; stops on SIGTERM/SIGINT or
 * when stdin closes.
 */
import { parseArgs } from 'node:util';
import { startAnthropicServer } from './anthropic-server.ts';
import { startOpenAiServer } from './openai-compatible-server.ts';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'openai' },
    'delay-ms': { type: 'string', default: '0' },
    text: { type: 'string', default: 'ok' },
  },
});
const opts = {
  delayMs: Number(values['delay-ms']),
  record: false,
  fallback: { type: 'success' as const, text: values.text },
};
const server = values.kind === 'anthropic' ? await startAnthropicServer(opts) : await startOpenAiServer(opts);
const baseUrl = values.kind === 'anthropic' ? server.url : `${server.url}/v1`;
process.stdout.write(`${JSON.stringify({ url: server.url, baseUrl })}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
