import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-IT3IPSS5.js";import"./chunk-PT33OJZN.js";import"./chunk-Q5475Q4U.js";import"./chunk-AF6ZSUQL.js";import"./chunk-HKPQYAWL.js";import"./chunk-RGU3KCC4.js";import"./chunk-5E22DFLB.js";import"./chunk-INDJVXLU.js";import"./chunk-7PLGJCXG.js";import"./chunk-3KVCALGI.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as revisionLabel,b as runShow};
