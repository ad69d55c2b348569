import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-6JPFINHA.js";import"./chunk-7PLGJCXG.js";import"./chunk-VFDEXEWO.js";import"./chunk-LTULWA62.js";import"./chunk-6TLAXRIX.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{c as GitRepository,b as initGitRepository,a as openGitRepository};
