import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as t}from"./chunk-EOO5R67T.js";import{b as e}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var m={name:"lineage",summary:"show a prompt version's ancestry back to the human-written original",create:n=>new e("lineage").description("Show the ancestry of a prompt version: its parents, their parents, \u2026 back to the human-written original, with the run, generation, operator and fitness that made each. Reads the lineage records in the results store (.evohub/results.duckdb, or --results-url); falls back to the lineage.parents fields in the file's git history.").argument("<name@rev>","prompt name or path, @ a version number, environment, branch, tag or commit (no @: working tree)").option("--json","print the ancestry as JSON").option("--results-url <url>",t).addHelpText("after",`
Examples:
  npx evohub lineage ticket-triage
  npx evohub lineage ticket-triage@evohub/ticket-triage/20260101T120000-1a2b3c4d
  npx evohub lineage ticket-triage@2 --json`).action(async(a,r)=>{let{runLineageCommand:o}=await import("./run-lineage-command-ZMU4FJXG.js");await o(n,a,r)})};export{m as lineageCommand};
