import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
function n(r){try{let t=new URL(r);return t.username="",t.password="",t.toString()}catch{return null}}function e(r){return n(r)??"<invalid URL>"}export{n as a,e as b};
