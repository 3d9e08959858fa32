import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-T2LBASXE.js";import"./chunk-AUH3SYXP.js";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-CSK3ZKFK.js.map
