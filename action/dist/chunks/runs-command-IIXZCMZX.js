import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as e}from"./chunk-EOO5R67T.js";import{b as a}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var p={name:"runs",summary:"list evaluation runs stored in .evohub/results.duckdb; export evaluations as Parquet or JSONL",create:t=>{let s=new a("runs").summary("list stored evaluation runs; export them as Parquet or JSONL").description("List the evaluation runs in the results store (.evohub/results.duckdb, or PostgreSQL with --results-url), show one, or export evaluations with their metrics. Safe to run while an evaluation is writing.").option("--run <id>","show one run (with --export: export only its evaluations)").option("--json","print runs as JSON").option("--export <format>","export evaluations: parquet or jsonl (needs --out)").option("--out <path>","file to write the export to").option("--results-url <url>",e).addHelpText("after",`
Examples:
  npx evohub runs
  npx evohub runs --json
  npx evohub runs --run 20260101T120000-1a2b3c4d
  npx evohub runs show 20260101T120000-1a2b3c4d --cases --failed
  npx evohub runs --export parquet --out results.parquet
  npx evohub runs --export jsonl --out run.jsonl --run 20260101T120000-1a2b3c4d
  npx evohub runs --results-url postgres://evohub@db.internal/evohub --export parquet --out all.parquet`).action(async o=>{let{runRunsCommand:n}=await import("./run-runs-command-ITTCSCON.js");await n(t,o)});return s.command("show").description("One run's summary (status, evaluations, errors, each evaluator's mean with its 95% CI, cost, latency); with --cases the per-case table: case id, input variables, expected value, output, each evaluator's value (\u2713/\u2717 for pass/fail), latency and cost. An evolve run shows its winner's held-out cases.").argument("<run-id>","a run id from `evohub runs` (or an evaluation run id such as <id>/held-out/baseline)").option("--cases","print the per-case table").option("--failed","with --cases: only cases that errored or failed a pass/fail evaluator").option("--json","print {run, evaluationRun, totals, cases} as JSON (cases untruncated)").option("--results-url <url>",e).addHelpText("after",`
Examples:
  npx evohub runs show 20260101T120000-1a2b3c4d
  npx evohub runs show 20260101T120000-1a2b3c4d --cases
  npx evohub runs show 20260101T120000-1a2b3c4d --cases --failed --json`).action(async(o,n,r)=>{let{runRunsShow:u}=await import("./run-show-LYIDJ3VI.js");await u(t,o,r.optsWithGlobals())}),s}};export{p as runsCommand};
