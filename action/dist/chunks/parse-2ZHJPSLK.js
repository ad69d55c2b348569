import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-YU52GWRX.js";import"./chunk-4IAAEBPA.js";import"./chunk-PXTRSDWE.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{b as parseEnvironment,a as parseEvohubConfig};
