import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a}from"./chunk-Q6KLTQ4Q.js";import"./chunk-IF3EKOWX.js";import"./chunk-CB5HB5A4.js";import"./chunk-QZAPVMXT.js";import"./chunk-7VRATUF3.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as openCommandStore};
