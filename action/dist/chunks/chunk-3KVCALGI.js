import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{mkdir as r,writeFile as s}from"node:fs/promises";import{join as c,parse as u,sep as e}from"node:path";var f=".evohub";function a(o){let t=o.split(e),i=t.lastIndexOf(f);if(i<0)return;let n=t.slice(0,i+1).join(e);return n===""?u(o).root:n}async function m(o){await r(o,{recursive:!0});let t=a(o);t&&await s(c(t,".gitignore"),`*
`,{flag:"wx"}).catch(i=>{if(i.code!=="EEXIST")throw i})}export{f as a,m as b};
