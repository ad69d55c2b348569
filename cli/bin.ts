#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Node's on-disk compile cache makes every later start faster; the CLI's modules load after it is on.
enableCompileCache?.();
const { processContext } = await import('./context.ts');
const { runCli } = await import('./main.ts');

process.exitCode = await runCli(process.argv.slice(2), processContext());
