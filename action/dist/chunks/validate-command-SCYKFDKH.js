import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as e}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var r={name:"validate",summary:"check prompt files, their datasets, evohub.yaml and environment pins",create:t=>new e("validate").description("Validate prompt files (*.prompt.yml, *.prompt.yaml) against the schema, the datasets they reference and their {{variables}}, plus evohub.yaml and environments/*.yaml. With no paths, everything under the current directory. Prints every problem as file:line:col: message. Exit 0 if clean, 1 if any problem.").argument("[paths...]","files or directories (a directory is searched like the current one)").option("--json","print {ok, files: [{file, kind: prompt|dataset|config|environment, ok, problems: [{line, column, field, message}]}]}").addHelpText("after",`
Examples:
  npx evohub validate
  npx evohub validate prompts/ticket-triage.prompt.yml
  npx evohub validate prompts environments/production.yaml --json`).action(async(a,o)=>{let{runValidate:n}=await import("./run-SFII5Z3R.js");await n(t,a,o)})};export{r as validateCommand};
