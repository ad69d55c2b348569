/**
 * Runs the local OpenAI-compatible test server in its own process (so a benchmark's CPU figures are the
 * client's alone). Prints `{"baseUrl": ...}` on one line, serves until stdin closes.
 */
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';

const delayMs = Number(process.argv[2] ?? 1000);
const server = await startOpenAiServer({ delayMs, record: false, respond: () => 'billing' });
process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
