import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-LDAHK432.js";import"./chunk-W4XP4GV6.js";import"./chunk-IKCAUAD4.js";import"./chunk-FT7ZHMDK.js";import"./chunk-JCT3AMBR.js";import"./chunk-PKOTN6UR.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as findRepoRoot,b as resolvePromptArg};
