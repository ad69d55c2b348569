import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-KRKQSF2K.js";import"./chunk-Q43AA3X7.js";import"./chunk-YIEPFIIJ.js";import"./chunk-JCT3AMBR.js";import"./chunk-LBAJQ4YM.js";import"./chunk-7PLGJCXG.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as revisionLabel,b as runShow};
