import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-OJKHWV24.js";import"./chunk-6E43TAVA.js";import"./chunk-6JPFINHA.js";import"./chunk-7PLGJCXG.js";import"./chunk-VFDEXEWO.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as cliAuthor,b as openCliRepository};
