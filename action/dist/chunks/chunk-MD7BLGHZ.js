import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
function i(s,t=[]){let r=new Set;for(let e of t)e&&r.add(e);return{emit:e=>{for(let n of[...r])try{n(e)}catch(o){s(o,e)}},subscribe:e=>(r.add(e),()=>{r.delete(e)})}}export{i as a};
