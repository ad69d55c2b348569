import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-WUPHAP2A.js";import"./chunk-TKJAO27Z.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{b as parseEnvironment,a as parseEvohubConfig};
