import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a}from"./chunk-XYK4VQ6W.js";import"./chunk-NWRQOFNO.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as evaluationEnvironment};
