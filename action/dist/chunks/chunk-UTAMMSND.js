import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{c as u}from"./chunk-PLNGEAYG.js";import{randomUUID as d}from"node:crypto";import{appendFile as f,readFile as m}from"node:fs/promises";async function _(r){let n=r.GITHUB_EVENT_PATH;if(!n)throw new u("GITHUB_EVENT_PATH is not set",{hint:"`evohub ci pr` runs in a GitHub Actions job triggered by pull_request; locally, use `evohub eval --against`"});let t;try{t=JSON.parse(await m(n,"utf8"))}catch(i){throw new u(`cannot read the event payload ${n}: ${i instanceof Error?i.message:String(i)}`)}let e=t.pull_request,a=i=>typeof i?.ref=="string"&&typeof i.sha=="string";if(!e||typeof e.number!="number"||!a(e.base)||!a(e.head))throw new u(`the event in ${n} is not a pull_request event`,{location:{file:n,field:"/pull_request"},hint:"run `evohub ci pr` on: pull_request (or pull_request_target)"});let o=e.base,s=e.head,l=String(o.repo?.full_name??r.GITHUB_REPOSITORY??""),p=typeof s.repo?.full_name=="string"?s.repo.full_name:null;return{number:e.number,base:{ref:String(o.ref),sha:String(o.sha),repoFullName:l},head:{ref:String(s.ref),sha:String(s.sha),repoFullName:p},fromFork:p!==l}}function b(r,n){let t=n??r.GITHUB_REPOSITORY,e=/^([\w.-]+)\/([\w.-]+)$/.exec(t??"");if(!e)throw new u(t?`invalid repository "${t}"`:"no repository: GITHUB_REPOSITORY is not set",{hint:"pass --repo owner/name"});return{owner:e[1],repo:e[2]}}async function R(r,n){let t=r.GITHUB_OUTPUT;if(!t)return;let e="";for(let[a,o]of Object.entries(n))if(o.includes(`
`)){let s=`EOF_${d()}`;e+=`${a}<<${s}
${o}
${s}
`}else e+=`${a}=${o}
`;await f(t,e)}async function w(r,n){r.GITHUB_STEP_SUMMARY&&await f(r.GITHUB_STEP_SUMMARY,`${n}
`)}export{_ as a,b,R as c,w as d};
