import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{h as a,i as b,j as c}from"./chunk-SGDSD4HD.js";import"./chunk-3MZ6EMFN.js";import"./chunk-MCX5BCLC.js";import"./chunk-4IAAEBPA.js";import"./chunk-PXTRSDWE.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{b as onContinueFlag,a as readGateConfig,c as runGate};
