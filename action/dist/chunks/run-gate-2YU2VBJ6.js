import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{g as a,h as b,i as c}from"./chunk-ESTZJNAI.js";import"./chunk-JVCCAKDQ.js";import"./chunk-MCX5BCLC.js";import"./chunk-XXA2J3FX.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{b as onContinueFlag,a as readGateConfig,c as runGate};
