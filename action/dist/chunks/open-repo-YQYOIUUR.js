import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-YIEPFIIJ.js";import"./chunk-JCT3AMBR.js";import"./chunk-LBAJQ4YM.js";import"./chunk-7PLGJCXG.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as cliAuthor,c as openCliRepository,b as workingTree};
