import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-LC23XBMD.js";import"./chunk-PLNGEAYG.js";import"./chunk-LZUO54HA.js";export{a as BudgetExceeded,c as MemoryBudget,b as isBudgetExceeded};
