#!/usr/bin/env node
import { processContext } from './context.ts';
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2), processContext());
