import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-VITDPPYD.js";import"./chunk-LZUO54HA.js";export{b as evolveEventPrinter,c as formatEvolveReport,a as progressLine};
