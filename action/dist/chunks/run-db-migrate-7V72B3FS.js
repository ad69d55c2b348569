import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as n}from"./chunk-BBNMA54O.js";import"./chunk-B63PPLU3.js";import"./chunk-HMS7MV5A.js";import"./chunk-OMKAYQ22.js";import"./chunk-7VRATUF3.js";import"./chunk-NU4X4UBU.js";import"./chunk-GI5TW3LF.js";import{a as s}from"./chunk-VXEDZQGC.js";import"./chunk-EV52646T.js";import"./chunk-6GRPSKTY.js";import"./chunk-QA3EEC6F.js";import"./chunk-IMUTTK3K.js";import"./chunk-LTULWA62.js";import"./chunk-LZWGK5Z3.js";import"./chunk-WMIL65MP.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";async function g(t,r){let a=s(t.cwd),e=await n(t,{repoRoot:a,flag:r.resultsUrl,flagName:"--results-url",mode:"write"});try{let{applied:o,version:i}=await e.migrate();r.json?t.stdout.write(`${JSON.stringify({store:e.description,applied:o,version:i})}
`):o.length===0?t.stdout.write(`${e.description} is up to date (schema version ${i})
`):t.stdout.write(`${e.description}: applied migration${o.length>1?"s":""} ${o.join(", ")} (schema version ${i})
`)}finally{await e.close()}}export{g as runDbMigrate};
