import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-ZCE5773T.js";import"./chunk-DLWVTRK2.js";import"./chunk-XGC5IHBX.js";import"./chunk-QA3EEC6F.js";import"./chunk-LPKVMX5G.js";import"./chunk-XXA2J3FX.js";import"./chunk-WIT2QJVK.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as findRepoRoot,b as resolvePromptArg};
