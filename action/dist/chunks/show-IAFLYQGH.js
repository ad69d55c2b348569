import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-GG2LOYTV.js";import"./chunk-Q43AA3X7.js";import"./chunk-4CNMLOON.js";import"./chunk-4GTAO2MJ.js";import"./chunk-7PLGJCXG.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as revisionLabel,b as runShow};
