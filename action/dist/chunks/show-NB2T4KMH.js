import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-4TOC54WQ.js";import"./chunk-PT33OJZN.js";import"./chunk-Q5475Q4U.js";import"./chunk-XUN7Q5GE.js";import"./chunk-ZSCY23GK.js";import"./chunk-3KVCALGI.js";import"./chunk-KSN52Q4N.js";import"./chunk-VFDEXEWO.js";import"./chunk-7PLGJCXG.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as revisionLabel,b as runShow};
