import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as f}from"./chunk-DDSZ34QA.js";import{c as d}from"./chunk-BYZ2IEON.js";import"./chunk-HO3XQM7A.js";import{a as l,b as u}from"./chunk-Q5475Q4U.js";import{b as p}from"./chunk-AF6ZSUQL.js";import"./chunk-HKPQYAWL.js";import"./chunk-RGU3KCC4.js";import"./chunk-5E22DFLB.js";import"./chunk-INDJVXLU.js";import"./chunk-7PLGJCXG.js";import"./chunk-3KVCALGI.js";import"./chunk-LTULWA62.js";import{c as a}from"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";function w(r){let t=Number(r);if(!Number.isInteger(t)||t<1||t>1e3)throw new a(`--top must be a whole number from 1 to 1000, got "${r}"`);return t}async function C(r,t,i){let v=w(i.top),{repo:s,deps:$}=await p(r),e=await u($,l(t)),n=await f(s,s.root,e,{top:v,...i.samePrompt?{samePrompt:!0}:{},onReplaced:o=>r.stderr.write(`evohub: rebuilt .evohub/similarity-index.bin: it was in format ${o}, this evohub reads format ${d}
`)}),{results:m}=n;if(i.json){r.stdout.write(`${JSON.stringify(n,null,2)}
`);return}r.stdout.write(`similar to ${e.path}${e.rev?`@${e.rev}`:""} (${n.indexed} versions indexed)
`);for(let o of m){let c=o.version===null?"v?":`v${o.version}`;r.stdout.write(`${o.similarity.toFixed(2)}  ${`${o.name}@${o.version??o.commit.slice(0,7)}`.padEnd(32)} ${c.padEnd(5)} ${o.commit.slice(0,7)}  ${o.path}
`)}m.length===0&&r.stdout.write(`no other prompt versions in the history
`)}export{C as runSimilar};
