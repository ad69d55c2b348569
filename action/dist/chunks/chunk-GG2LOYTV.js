import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as r,b as s}from"./chunk-Q43AA3X7.js";import{b as n}from"./chunk-4CNMLOON.js";function v(o){return o.commit===null?`${o.path} (working tree)`:`${o.path}@${o.rev} (${o.commit.slice(0,7)})`}async function h(o,i,a){let{deps:p}=await n(o),t=await s(p,r(i));if(!a.json){o.stdout.write(t.text.endsWith(`
`)?t.text:`${t.text}
`);return}let{parsePrompt:m}=await import("./parse-F3WWDDOD.js"),{promptContentHash:l}=await import("./hash-7BGVN73P.js"),e=m(t.text,v(t)),d={name:t.name,path:t.path,rev:t.rev,resolvedBy:t.resolvedBy,commit:t.commit,version:e.data.version??null,contentHash:l(e.data),data:e.data};o.stdout.write(`${JSON.stringify(d,null,2)}
`)}export{v as a,h as b};
