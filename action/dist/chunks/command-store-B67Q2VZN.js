import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a}from"./chunk-UCWXPRIE.js";import"./chunk-B63PPLU3.js";import"./chunk-HMS7MV5A.js";import"./chunk-OMKAYQ22.js";import"./chunk-7VRATUF3.js";import"./chunk-NU4X4UBU.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as openCommandStore};
