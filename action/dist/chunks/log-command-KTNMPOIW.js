import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as t}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var i={name:"log",summary:"a prompt's versions and the commits that changed it, newest first",create:e=>new t("log").summary("a prompt's versions and the commits that changed it, newest first").description("List the commits in HEAD's history that changed a prompt file, newest first, with its version in each.").argument("<name>","prompt name (file stem, e.g. ticket-triage) or path to the prompt file").option("--json","print {name, path, entries: [{version, commit, date, author, subject, deleted}]}").addHelpText("after",`
Examples:
  npx evohub log ticket-triage
  npx evohub log prompts/ticket-triage.prompt.yml --json`).action(async(o,m)=>{let{runLog:a}=await import("./log-PIF4Y3PY.js");await a(e,o,m)})};export{i as logCommand};
