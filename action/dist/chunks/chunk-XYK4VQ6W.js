import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{c as p}from"./chunk-NWRQOFNO.js";import{b as u}from"./chunk-3KVCALGI.js";import{join as E}from"node:path";import{randomBytes as g}from"node:crypto";import{readFileSync as v,statSync as y}from"node:fs";import{join as a}from"node:path";import{Worker as m}from"node:worker_threads";var h=`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
function write(dir, tmp, body) {
  try { fs.writeFileSync(tmp, body); }
  catch (e) {
    if (e.code !== 'ENOENT') throw e;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, body);
  }
}
parentPort.on('message', ({ items, upTo }) => {
  const failed = [];
  for (const [id, dir, tmp, file, body] of items) {
    try { write(dir, tmp, body); fs.renameSync(tmp, file); }
    catch (e) {
      try { fs.rmSync(tmp, { force: true }); } catch {}
      failed.push([id, String((e && e.message) || e)]);
    }
  }
  parentPort.postMessage({ upTo, failed });
});
`,l=5,i=class{#t;#n=[];#e=new Map;#o=0;#r=!1;write(e,t,r,n){let s=++this.#o;return this.#n.push([s,e,t,r,n]),this.#r||(this.#r=!0,setTimeout(()=>this.#i(),l)),new Promise((c,f)=>this.#e.set(s,{resolve:c,reject:f}))}#i(){this.#r=!1;let e=this.#n;if(e.length!==0){this.#n=[];try{let t=this.#a();t.ref(),t.postMessage({items:e,upTo:e.at(-1)[0]})}catch(t){for(let[r]of e)this.#e.get(r)?.reject(t instanceof Error?t:new Error(String(t))),this.#e.delete(r)}}}#a(){if(this.#t)return this.#t;let e=new m(h,{eval:!0});return e.on("message",t=>this.#d(t)),e.on("error",t=>this.#s(e,t)),e.on("exit",()=>this.#s(e,new Error("the cache writer thread stopped"))),this.#t=e,e}#d({upTo:e,failed:t}){for(let[r,n]of t)this.#e.get(r)?.reject(new Error(`response cache write failed: ${n}`)),this.#e.delete(r);for(let[r,n]of this.#e){if(r>e)break;n.resolve(),this.#e.delete(r)}this.#e.size===0&&this.#t?.unref()}#s(e,t){if(this.#t===e){this.#t=void 0;for(let r of this.#e.values())r.reject(t);this.#e.clear()}}};var w=/^[0-9a-f]{16,128}$/,d=class o{dir;#t=new i;#n=`${process.pid}.${g(4).toString("hex")}`;#e=0;#o;constructor(e){this.dir=e}static forRepo(e){return new o(a(e,".evohub","cache"))}#r(e){if(!w.test(e))throw new Error(`invalid cache key ${JSON.stringify(e)} (expected a hex digest)`);return a(this.dir,e.slice(0,2),`${e}.json`)}async get(e){let t=this.#r(e);if(!y(t,{throwIfNoEntry:!1}))return;let r;try{r=v(t,"utf8")}catch(n){if(n.code==="ENOENT")return;throw n}try{let n=JSON.parse(r);return n.key!==e||!b(n.response)?void 0:n.response}catch{return}}async set(e,t){let r=this.#r(e);this.#o??=u(this.dir).catch(c=>{throw this.#o=void 0,c}),await this.#o;let n=a(this.dir,e.slice(0,2)),s=a(n,`.${e}.${this.#n}.${++this.#e}.tmp`);await this.#t.write(n,s,r,`${JSON.stringify({key:e,response:t})}
`)}};function b(o){if(o===null||typeof o!="object")return!1;let e=o,t=e.usage;return typeof e.text=="string"&&typeof e.latencyMs=="number"&&typeof e.simulated=="boolean"&&t!==void 0&&typeof t.inputTokens=="number"&&typeof t.outputTokens=="number"}function M(o,e,t,r={}){let n=r.cache!==!1&&t.cache?.enabled!==!1,s={baseDir:e,env:o.env,providers:t.providers,defaultModel:t.defaults?.model,cache:n?new d(E(e,t.cache?.dir??".evohub/cache")):void 0};return r.budget!==!1&&(s.budget=new p({maxEvaluations:r.budget?.maxEvaluations??t.budget?.maxEvaluations,maxUsd:r.budget?.maxUsd??t.budget?.maxUsd})),s}export{M as a};
