import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-3ZTJBU2K.js";import"./chunk-UTAMMSND.js";import"./chunk-7VRATUF3.js";import"./chunk-7PLGJCXG.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as FORGE_KINDS,c as originUrl,b as repoFromUrl,d as resolveForgeTarget};
