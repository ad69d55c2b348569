import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b}from"./chunk-AF6ZSUQL.js";import"./chunk-HKPQYAWL.js";import"./chunk-RGU3KCC4.js";import"./chunk-5E22DFLB.js";import"./chunk-INDJVXLU.js";import"./chunk-7PLGJCXG.js";import"./chunk-3KVCALGI.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as cliAuthor,b as openCliRepository};
