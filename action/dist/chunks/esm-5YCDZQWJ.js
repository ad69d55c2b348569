import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as a,c as b,d as c,e as d,f as e,g as f,h as g,i as h,j as i,k as j,l as k,m as l}from"./chunk-QZAPVMXT.js";import"./chunk-LZUO54HA.js";export{a as Client,c as Connection,f as DatabaseError,b as Pool,e as Query,i as Result,j as TypeOverrides,l as default,k as defaults,g as escapeIdentifier,h as escapeLiteral,d as types};
