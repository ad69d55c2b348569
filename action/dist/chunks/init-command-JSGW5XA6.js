import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as n}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";import{fileURLToPath as f}from"node:url";var s=f(new URL("../../templates/",import.meta.url));async function c(e,a,o){let r=await import("node:path"),{listTemplates:m,runInit:p}=await import("./scaffold-Y75YIXLC.js");if(o.listTemplates){for(let i of await m(s))e.stdout.write(`${i.name.padEnd(16)} ${i.description}
`);return}let{cliAuthor:d}=await import("./open-repo-EE6R645A.js"),l=r.resolve(e.cwd,a??"."),t=await p(s,o.template,l,await d(e));if(o.json){e.stdout.write(`${JSON.stringify({template:t.template,root:t.root,target:t.target,createdRepository:t.createdRepository,added:t.add,skipped:t.skip,commit:t.commit},null,2)}
`);return}t.createdRepository&&e.stdout.write(`initialised a git repository in ${t.root}
`);for(let i of t.add)e.stdout.write(`  added    ${i}
`);for(let i of t.skip)e.stdout.write(`  kept     ${i} (exists)
`);e.stdout.write(t.commit?`committed ${t.add.length} file(s) as ${t.commit.slice(0,7)} (template ${t.template})
`:`nothing to add: every template file exists already
`)}var w={name:"init",summary:"scaffold a prompt repository from a template and make the first commit",create:e=>new n("init").summary("scaffold a prompt repository from a template and make the first commit").description("Scaffold a prompt repository from a template. In a new or empty folder: git init, write the files, commit. Inside an existing repository: add only missing files (nothing is overwritten) and commit just those.").argument("[dir]","folder to scaffold (created if missing)",".").option("-t, --template <name>","template to use (see --list-templates)","classification").option("--list-templates","list the available templates and exit").option("--json","print {template, root, target, createdRepository, added, skipped, commit}").addHelpText("after",`
Examples:
  npx evohub init my-prompts                        # classification template, new repository
  npx evohub init my-prompts --template extraction
  npx evohub init .                                 # add missing files to the current repository
  npx evohub init --list-templates`).action((a,o)=>c(e,a,o))};export{s as TEMPLATES_ROOT,w as initCommand};
