import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-7JARVIF6.js";import"./chunk-LZUO54HA.js";export{a as evolveJson,c as formatEvolveReport,b as progressLine};
