import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b}from"./chunk-U6TVMEBW.mjs";import"./chunk-QJIRWEDH.mjs";export{a as runCommand,b as tail};
//# sourceMappingURL=exec-QHSQHQWB.mjs.map
