import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as n}from"./chunk-R434HNZO.js";import"./chunk-IF3EKOWX.js";import"./chunk-CB5HB5A4.js";import"./chunk-QZAPVMXT.js";import"./chunk-7VRATUF3.js";import"./chunk-ZRDTPNQA.js";import{a as s}from"./chunk-2LGGLF7T.js";import"./chunk-YTU6LAUR.js";import"./chunk-UGBVZDDG.js";import"./chunk-QA3EEC6F.js";import"./chunk-5TQYZEO6.js";import"./chunk-WUPHAP2A.js";import"./chunk-TKJAO27Z.js";import"./chunk-WIT2QJVK.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";async function g(t,r){let a=s(t.cwd),e=await n(t,{repoRoot:a,flag:r.resultsUrl,flagName:"--results-url",mode:"write"});try{let{applied:o,version:i}=await e.migrate();r.json?t.stdout.write(`${JSON.stringify({store:e.description,applied:o,version:i})}
`):o.length===0?t.stdout.write(`${e.description} is up to date (schema version ${i})
`):t.stdout.write(`${e.description}: applied migration${o.length>1?"s":""} ${o.join(", ")} (schema version ${i})
`)}finally{await e.close()}}export{g as runDbMigrate};
