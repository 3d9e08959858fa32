import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-ZFZWTYVE.js";import"./chunk-OEEELJ7T.js";import"./chunk-MM7PV324.js";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-GONVCUA7.js.map
