import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-2LGGLF7T.js";import"./chunk-YTU6LAUR.js";import"./chunk-UGBVZDDG.js";import"./chunk-QA3EEC6F.js";import"./chunk-5TQYZEO6.js";import"./chunk-TKJAO27Z.js";import"./chunk-WIT2QJVK.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as findRepoRoot,b as resolvePromptArg};
