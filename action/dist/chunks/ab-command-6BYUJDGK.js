import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as t}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";function s(a){return new t("analyze").description("Analyse an A/B test from summary statistics (JSON, schemas/ab-input.schema.json): sample-ratio-mismatch check, then per metric and variant the lift, interval and p-value (frequentist, sequential) or chance to win and risk (bayesian), guardrail verdicts and a decision: ship, rollback, continue or srm-failed. The estimators are those of GrowthBook's gbstats.").argument("<file>","the input document, or - for standard input").option("--json","print the full report as JSON (interval ends at infinity are null)").option("--markdown","print a Markdown table for a pull-request comment").option("--check","exit 1 when the decision is rollback or srm-failed (default: exit 0 whatever the decision)").addHelpText("after",`
Exit status: 0 when the analysis ran (any decision); 1 for invalid input, or with --check when the decision is
rollback or srm-failed; 2 for bad flags.

Examples:
  npx evohub ab analyze docs/ab/checkout.json
  npx evohub ab analyze docs/ab/canary-sequential.json --markdown > comment.md
  cat stats.json | npx evohub ab analyze - --json --check`).action(async(e,n)=>{let{runAbAnalyze:o}=await import("./analyze-TNAWSC5S.js");await o(a,e,n)})}var r={name:"ab",summary:"A/B test statistics: analyse summary statistics of an experiment",create:a=>new t("ab").description("A/B test statistics with the estimators of GrowthBook\u2019s gbstats (see docs/ab-testing.md).").addHelpText("after",`
Examples:
  npx evohub ab analyze docs/ab/checkout.json --markdown`).addCommand(s(a))};export{r as abCommand};
