import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a}from"./chunk-6LH4H2DZ.js";import"./chunk-T37ORLRW.js";import"./chunk-XIIHUBTA.js";import"./chunk-QZAPVMXT.js";import"./chunk-7VRATUF3.js";import"./chunk-3KVCALGI.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as openCommandStore};
