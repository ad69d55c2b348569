import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{d as s,e as i,h as n,i as a}from"./chunk-W745SEMO.js";import{b as r}from"./chunk-6JCUOM5Z.js";import{c as e}from"./chunk-PLNGEAYG.js";async function R(g,o){let m=await r(o.repoRoot),t=n({flag:o.flag,env:g.env,config:m,repoRoot:o.repoRoot});if(!s(t))throw new e(`${a(t)} is not a PostgreSQL URL`,{hint:`pass ${o.flagName} postgres://user@host:5432/db, or set results: in evohub.yaml`});return new i(t,{mode:o.mode,autoMigrate:!1})}export{R as a};
