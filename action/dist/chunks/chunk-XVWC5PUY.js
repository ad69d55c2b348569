import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{h as e,i as r,j as s}from"./chunk-W745SEMO.js";function p(n,o){let t=e({flag:o.flag,env:n.env,config:o.config,repoRoot:o.repoRoot});return{store:s(t,{repoRoot:o.repoRoot,mode:o.mode}),location:t,description:r(t)}}export{p as a};
