import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{c as a,d as b,e as c}from"./chunk-KSN52Q4N.js";import"./chunk-VFDEXEWO.js";import"./chunk-7PLGJCXG.js";import"./chunk-LTULWA62.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{c as GitRepository,b as initGitRepository,a as openGitRepository};
