import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{k as e}from"./chunk-PKOTN6UR.js";import{d as i}from"./chunk-PLNGEAYG.js";function g(r,o){let{doc:t,data:n,problems:s}=e("config",r,o);if(n===null&&t.errors.length===0)return{};if(s.length>0)throw new i(s);return n}function a(r,o){let{data:t,problems:n}=e("environment",r,o);if(n.length>0)throw new i(n);return t}export{g as a,a as b};
