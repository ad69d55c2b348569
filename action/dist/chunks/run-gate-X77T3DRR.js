import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{h as a,i as b,j as c}from"./chunk-KJMKXCIC.js";import"./chunk-JYWQT7K3.js";import"./chunk-MCX5BCLC.js";import"./chunk-TKJAO27Z.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{b as onContinueFlag,a as readGateConfig,c as runGate};
