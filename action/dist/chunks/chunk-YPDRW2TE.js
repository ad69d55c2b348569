import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
var o="\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069",s=new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${o}]`,"g"),i=new RegExp(`[\\u0000-\\u001f${o}]`,"g"),a={"\n":"\\n","	":"\\t","\r":"\\r"};function r(e){let t=a[e];if(t)return t;let n=e.codePointAt(0);return n<32?`\\x${n.toString(16).padStart(2,"0")}`:`\\u${n.toString(16).padStart(4,"0")}`}function g(e,t={}){return t.singleLine?e.replace(i,r):e.replace(s,(n,u)=>n==="\r"&&e[u+1]===`
`?n:r(n))}export{g as a};
