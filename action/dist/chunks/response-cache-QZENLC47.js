import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-CYPUL66B.js";import"./chunk-U5X6ERAW.js";import"./chunk-LZUO54HA.js";export{a as DiskResponseCache,b as MemoryResponseCache,c as RedisResponseCache,d as responseCacheKey};
