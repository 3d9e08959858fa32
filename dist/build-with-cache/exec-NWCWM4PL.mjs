import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-RZ6PA5CT.mjs";import"./chunk-ZAZQM66N.mjs";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-NWCWM4PL.mjs.map
