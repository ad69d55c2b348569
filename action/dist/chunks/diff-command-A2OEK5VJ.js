import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as e}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var m={name:"diff",summary:"compare two prompt revisions per message and per field",create:o=>new e("diff").summary("compare two prompt revisions per message and per field").description("Compare two revisions of a prompt: changed fields and model parameters, then each changed message with a line diff of its content. Without <b>, compares <a> with the same prompt in the working tree.").argument("<a>","name@rev, or a bare name for the working tree").argument("[b]","name@rev, or a bare name for the working tree (default: <a> in the working tree)").option("--json","print {a, b, fields: [{field, before, after}], messages: [{index, change, roleBefore, roleAfter, lines}]}").addHelpText("after",`
Examples:
  npx evohub diff ticket-triage@1 ticket-triage@2
  npx evohub diff ticket-triage@production          # the pinned version vs your working copy
  npx evohub diff ticket-triage@main ticket-triage@evolve/run-42 --json`).action(async(r,t,a)=>{let{runDiff:i}=await import("./diff-6OH7YIGJ.js");await i(o,r,t,a)})};export{m as diffCommand};
