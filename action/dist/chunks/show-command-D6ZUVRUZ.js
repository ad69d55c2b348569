import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as t}from"./chunk-EOO5R67T.js";import{b as e}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var m={name:"show",summary:"print a prompt file at a version, environment, branch, tag or commit",create:a=>new e("show").summary("print a prompt file at a version, environment, branch, tag or commit").description("Print a prompt file as it is at a revision. <rev> is tried as: a version number, an environment (environments/<rev>.yaml), a branch or tag, a commit oid, then an evaluated candidate from the results store (its content hash or a unique prefix of 7+ characters, e.g. from `evohub evolve`'s front). A bare name shows the working tree.").argument("<name@rev>","e.g. ticket-triage@3, ticket-triage@production, ticket-triage@main, ticket-triage@1a2b3c4").option("--json","print {name, path, rev, resolvedBy, commit, version, contentHash, data} (and candidate: runs, parents, lineage)").option("--results-url <url>",`where candidates are looked up: ${t}`).addHelpText("after",`
Examples:
  npx evohub show ticket-triage@1
  npx evohub show ticket-triage@production --json
  npx evohub show ticket-triage@HEAD~1
  npx evohub show ticket-triage@3f9c2a17e0b4 --json   # a candidate evolve evaluated`).action(async(o,r)=>{let{runShow:n}=await import("./show-JZJBABKH.js");await n(a,o,r)})};export{m as showCommand};
