import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as s}from"./chunk-IFG3RX7H.js";import{b as n}from"./chunk-AF6ZSUQL.js";import"./chunk-HKPQYAWL.js";import"./chunk-RGU3KCC4.js";import"./chunk-5E22DFLB.js";import"./chunk-INDJVXLU.js";import"./chunk-7PLGJCXG.js";import"./chunk-3KVCALGI.js";import"./chunk-LTULWA62.js";import{c as i}from"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";async function g(t,e,l){if(e.includes("@"))throw new i(`log takes a prompt name, not a revision: ${e}`,{hint:`try: evohub log ${e.split("@")[0]}`});let{repo:p}=await n(t),r=await s(p,e),{path:a,entries:m}=r;if(l.json){t.stdout.write(`${JSON.stringify(r,null,2)}
`);return}t.stdout.write(`${a}
`);for(let o of m){let u=o.deleted?"deleted":o.version===null?"v?":`v${o.version}`,d=`${o.author.name} <${o.author.email}>`;t.stdout.write(`${u.padEnd(6)} ${o.commit.slice(0,7)}  ${o.date.slice(0,10)}  ${d}  ${o.subject}
`)}}export{g as runLog};
