import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{d as c,e as f}from"./chunk-OHFFNNUP.js";import{a,d as s,g as m,i,j as g}from"./chunk-EOS3XIBC.js";import{a as r}from"./chunk-CSNZYRHH.js";function l(e){for(let[t,o]of Object.entries(e))o!==void 0&&(Array.isArray(o)?s(t,o.join(`
`)):typeof o=="object"?s(t,JSON.stringify(o)):s(t,String(o)))}r(l,"setOutputs");function d(e){let t=Object.entries(e.labels).map(([o,n])=>`${o}=${n}`);return{"production-tags":e.productionTags,"immutable-tags":e.immutableTags,"floating-tags":e.floatingTags,"builder-tags":e.builderTags,"cache-from":e.cacheFrom,"unique-tag":e.tags.unique,"unique-refs":e.uniqueRefs,labels:t,"version-json":e.versionJson,"push-allowed":e.pushAllowed,"is-fork":e.isFork,json:e}}r(d,"tagPlanOutputs");function b(e){let t=[[{data:"Item",header:!0},{data:"Value",header:!0}]];for(let[o,n]of e)n===void 0||n===""||t.push([o,v(n)]);a.addTable(t)}r(b,"addKeyValueTable");function v(e){return e.split(`
`).map(t=>`<code>${T(t)}</code>`).join("<br>")}r(v,"code");function T(e){return e.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;").replace(/"/g,"&quot;")}r(T,"escapeHtml");async function p(){process.env.GITHUB_STEP_SUMMARY?await a.write():a.emptyBuffer()}r(p,"writeSummary");async function y(e,t){await g("Computed tags",async()=>{i(`event: ${e.eventName} (${t.eventKind}), branch: ${e.branch??"-"}, default branch: ${e.defaultBranch}`),i(`immutable tags (never moved):
  ${t.immutableTags.join(`
  `)}`),i(`floating tags (move with every gated build):
  ${t.floatingTags.join(`
  `)}`),t.eventKind==="rebuild"&&i("rebuild of an earlier commit: branch, release and latest tags stay where they are"),i(`builder tags:
  ${t.builderTags.join(`
  `)}`),i(`cache from:
  ${t.cacheFrom.join(`
  `)}`),i(`unique tag: ${t.tags.unique}`),t.isFork&&i("pull request from a fork: images are built but never pushed")})}r(y,"logTagPlan");async function h(e,t){a.addHeading("compute-tags",3),b([["Event",`${e.eventName}${e.pullRequest?` #${e.pullRequest.number}${t.isFork?" (fork)":""}`:""}`],["Branch",e.branch],["Commit",e.sha],["Unique tag",t.tags.unique],["Immutable tags",t.immutableTags.join(`
`)],["Floating tags",t.floatingTags.join(`
`)],["Builder tags",t.builderTags.join(`
`)],["Cache from",t.cacheFrom.join(`
`)],["Push allowed",String(t.pushAllowed)]]),await p()}r(h,"writeTagsSummary");async function E({request:e,ctx:t}=f()){let o=await c(e,t,{log:i,warn:m});await y(t,o),l(d(o)),await h(t,o)}r(E,"main");export{E as main};
//# sourceMappingURL=main-EOTWXW46.js.map
