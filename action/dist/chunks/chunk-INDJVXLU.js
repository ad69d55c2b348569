import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{readFile as r}from"node:fs/promises";function e(n){let o=n?.code;return o==="ENOENT"||o==="ENOTDIR"}function u(n){return n?.code==="NotFoundError"}async function i(n){try{return await r(n)}catch(o){if(e(o))return null;throw o}}export{e as a,u as b,i as c};
