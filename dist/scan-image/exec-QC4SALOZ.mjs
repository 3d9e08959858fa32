import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-XUSFYIDK.mjs";import"./chunk-BILKTGBO.mjs";import"./chunk-RAXCXO74.mjs";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-QC4SALOZ.mjs.map
