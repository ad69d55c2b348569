import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-C63YVAUP.js";import"./chunk-V57HXP3C.js";import"./chunk-JL4Q64QR.js";import"./chunk-QA3EEC6F.js";import"./chunk-6MBKVHDG.js";import"./chunk-4IAAEBPA.js";import"./chunk-PXTRSDWE.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as findRepoRoot,b as resolvePromptArg};
