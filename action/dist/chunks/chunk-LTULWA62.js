import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
var s=new Set(["node_modules",".evohub",".git"]),n=[".prompt.yaml",".prompt.yml",".yaml",".yml"];function r(o){let t=o.split(/[\\/]/).pop()??o;for(let e of n)if(t.length>e.length&&t.toLowerCase().endsWith(e))return t.slice(0,-e.length);return t}function p(o){let t=(o.split(/[\\/]/).pop()??o).toLowerCase();return/.\.prompt\.ya?ml$/.test(t)}export{s as a,r as b,p as c};
