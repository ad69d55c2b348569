import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-QBQXDQ7Q.js";import"./chunk-LZUO54HA.js";export{a as canonicalJson,b as promptContentHash};
