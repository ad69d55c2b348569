import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a}from"./chunk-NH4UXTLF.js";import"./chunk-UHSSI4C6.js";import"./chunk-NU4X4UBU.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as evaluationEnvironment};
