import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-5ICIBZHX.mjs";import"./chunk-E6E43ZBJ.mjs";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-LZKWBRSV.mjs.map
