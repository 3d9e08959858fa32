import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-DLB24XTD.mjs";import"./chunk-SK3WLMEL.mjs";import"./chunk-VF3P5EKT.mjs";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-2FC5E3GR.mjs.map
