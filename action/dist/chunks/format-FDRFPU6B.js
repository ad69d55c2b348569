import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-LFEQX3QS.js";import"./chunk-LZUO54HA.js";export{a as f3,b as formatEvolveReport};
