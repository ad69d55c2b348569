import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
function u(n){let o=n?.code;return o==="ENOENT"||o==="ENOTDIR"}function e(n){return n?.code==="NotFoundError"}export{u as a,e as b};
