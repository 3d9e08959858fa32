import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{e as d}from"./chunk-SK3WLMEL.mjs";async function c(t,n,e={}){let r={stdout:"",stderr:""},u=e.onLine?{stdline:i=>e.onLine?.(i,"stdout"),errline:i=>e.onLine?.(i,"stderr")}:void 0,s=await d(t,n,{ignoreReturnCode:!0,silent:e.silent??!1,env:e.env?{...process.env,...e.env}:void 0,cwd:e.cwd,input:e.input,listeners:u});return r.stdout=s.stdout,r.stderr=s.stderr,{exitCode:s.exitCode,...r}}function g(t,n=15){return t.trimEnd().split(`
`).slice(-n).join(`
`)}export{c as a,g as b};
//# sourceMappingURL=chunk-DLB24XTD.mjs.map
