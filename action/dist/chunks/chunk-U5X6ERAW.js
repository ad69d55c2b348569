import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
function i(n){return JSON.stringify(o(n))}function o(n){if(Array.isArray(n))return n.map(o);if(n===null||typeof n!="object")return n;let r={};for(let t of Object.keys(n).sort()){let s=n[t];s!==void 0&&(r[t]=o(s))}return r}export{i as a};
