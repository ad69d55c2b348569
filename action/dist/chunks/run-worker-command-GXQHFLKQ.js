import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{f as a,g as b}from"./chunk-CUZRH74F.js";import"./chunk-UZVBJEJB.js";import"./chunk-VKJWU2JM.js";import"./chunk-IUJW7BJ6.js";import"./chunk-CYPUL66B.js";import"./chunk-U5X6ERAW.js";import"./chunk-AXN2MBGD.js";import"./chunk-PPL3K3CZ.js";import"./chunk-7VRATUF3.js";import"./chunk-WIT2QJVK.js";import"./chunk-6TLAXRIX.js";import"./chunk-LC23XBMD.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as parseWorkerFlags,b as runWorkerCommand};
