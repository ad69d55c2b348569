import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{g as a,h as b,i as c}from"./chunk-7QIASFZ5.js";import"./chunk-WRHXJYFP.js";import"./chunk-MCX5BCLC.js";import"./chunk-WMIL65MP.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{b as onContinueFlag,a as readGateConfig,c as runGate};
