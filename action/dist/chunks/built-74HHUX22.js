import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as a}from"./chunk-HN5EAZYS.js";import"./chunk-LZUO54HA.js";export default a();
