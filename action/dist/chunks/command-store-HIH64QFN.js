import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a}from"./chunk-XVWC5PUY.js";import"./chunk-W745SEMO.js";import"./chunk-CCMM24E5.js";import"./chunk-7VRATUF3.js";import"./chunk-QZAPVMXT.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as openCommandStore};
