import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as r,b as i}from"./chunk-AR7IN5SF.js";import{a}from"./chunk-C63YVAUP.js";import"./chunk-V57HXP3C.js";import"./chunk-JL4Q64QR.js";import"./chunk-QA3EEC6F.js";import"./chunk-6MBKVHDG.js";import"./chunk-4IAAEBPA.js";import"./chunk-PXTRSDWE.js";import"./chunk-HKPQYAWL.js";import"./chunk-5E22DFLB.js";import"./chunk-INDJVXLU.js";import"./chunk-3KVCALGI.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";import y from"node:path";var p=(e,t)=>a(y.resolve(e.cwd,t.repo??"."));async function u(e,t){let s=i(p(e,t)),{key:n,record:o}=await r(s).create({scope:t.scope??"",name:t.name,now:new Date});if(t.json){e.stdout.write(`${JSON.stringify({id:o.id,name:o.name,scope:o.scope,key:n})}
`);return}e.stdout.write(`${n}
created ${o.scope} key ${o.id}${o.name?` (${o.name})`:""}; it is shown only now: keep it in a secret store.
use it as: Authorization: Bearer <key>
`)}async function f(e,t){let s=(await r(i(p(e,t))).list()).map(({sha256:n,...o})=>o);if(t.json){e.stdout.write(`${JSON.stringify(s,null,2)}
`);return}s.length===0&&e.stdout.write(`no keys yet (npx evohub serve keys create --scope read)
`);for(let n of s)e.stdout.write(`${n.id}  ${n.scope.padEnd(5)}  ${n.createdAt}  ${n.name}
`)}export{u as runKeysCreate,f as runKeysList};
