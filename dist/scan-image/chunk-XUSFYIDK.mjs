import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{e as u}from"./chunk-BILKTGBO.mjs";import{a as t}from"./chunk-RAXCXO74.mjs";async function g(n,r,e={}){let s={stdout:"",stderr:""},o=e.onLine?{stdline:t(d=>e.onLine?.(d,"stdout"),"stdline"),errline:t(d=>e.onLine?.(d,"stderr"),"errline")}:void 0,i=await u(n,r,{ignoreReturnCode:!0,silent:e.silent??!1,env:e.env?{...process.env,...e.env}:void 0,cwd:e.cwd,input:e.input,listeners:o});return s.stdout=i.stdout,s.stderr=i.stderr,{exitCode:i.exitCode,...s}}t(g,"runCommand");function l(n,r=15){return n.trimEnd().split(`
`).slice(-r).join(`
`)}t(l,"tail");export{g as a,l as b};
//# sourceMappingURL=chunk-XUSFYIDK.mjs.map
