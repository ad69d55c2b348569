import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{c as t}from"./chunk-PLNGEAYG.js";function d(n,r,e=0){if(n!==void 0){if(!/^\d+$/.test(n)||Number(n)<e)throw new t(`${r} must be an integer \u2265 ${e}, got "${n}"`);return Number(n)}}function u(n,r){if(n===void 0)return;let e=Number(n);if(n.trim()===""||!Number.isFinite(e)||e<0)throw new t(`${r} must be a number \u2265 0, got "${n}"`);return e}export{d as a,u as b};
