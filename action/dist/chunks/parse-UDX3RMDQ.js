import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-6MBKVHDG.js";import"./chunk-4IAAEBPA.js";import"./chunk-PXTRSDWE.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{c as jsonSchemaObject,a as parsePrompt,b as promptProblems};
