import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-BTZMD54H.js";import"./chunk-CSNZYRHH.js";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-3MKFVFP6.js.map
