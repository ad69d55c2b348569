import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-KZZ5VVTQ.js";import"./chunk-LZUO54HA.js";export{a as child_process,b as crypto,c as fs,d as os,e as path,f as stream,g as util};
