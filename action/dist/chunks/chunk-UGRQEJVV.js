import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
function n(t,e=Date.now){return r=>{t.write(`${JSON.stringify({...r,at:new Date(e()).toISOString()})}
`)}}export{n as a};
