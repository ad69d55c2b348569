import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-5TQYZEO6.js";import"./chunk-TKJAO27Z.js";import"./chunk-WIT2QJVK.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{c as jsonSchemaObject,a as parsePrompt,b as promptProblems};
