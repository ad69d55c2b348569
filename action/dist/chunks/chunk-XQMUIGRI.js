import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
function m(n,r){let f=n.split(`
`),o=r.split(`
`),e=f.length,c=o.length,a=Array.from({length:e+1},()=>new Array(c+1).fill(0));for(let s=e-1;s>=0;s--){let l=a[s],g=a[s+1];for(let u=c-1;u>=0;u--)l[u]=f[s]===o[u]?g[u+1]+1:Math.max(g[u],l[u+1])}let p=[],i=0,t=0;for(;i<e&&t<c;)f[i]===o[t]?(p.push({op:" ",text:f[i]}),i++,t++):a[i+1]?.[t]>=a[i]?.[t+1]?p.push({op:"-",text:f[i++]}):p.push({op:"+",text:o[t++]});for(;i<e;)p.push({op:"-",text:f[i++]});for(;t<c;)p.push({op:"+",text:o[t++]});return p}function h(n,r=2,f="    "){let o=new Array(n.length).fill(!1);n.forEach((a,p)=>{if(a.op!==" ")for(let i=Math.max(0,p-r);i<=Math.min(n.length-1,p+r);i++)o[i]=!0});let e=[],c=!1;return n.forEach((a,p)=>{if(!o[p]){c||e.push(`${f}\u2026`),c=!0;return}c=!1,e.push(`${f}${a.op} ${a.text}`)}),e}var d=(n,r)=>JSON.stringify(n)===JSON.stringify(r);function w(n,r){let f=[],o=new Set([...Object.keys(n),...Object.keys(r)]);o.delete("messages");let e=n,c=r;for(let t of o)if(t==="modelParameters"){let s=n.modelParameters??{},l=r.modelParameters??{};for(let g of new Set([...Object.keys(s),...Object.keys(l)]))d(s[g],l[g])||f.push({field:`modelParameters.${g}`,before:s[g],after:l[g]})}else d(e[t],c[t])||f.push({field:t,before:e[t],after:c[t]});let a=[],p=n.messages??[],i=r.messages??[];for(let t=0;t<Math.max(p.length,i.length);t++){let s=p[t],l=i[t];s&&l&&s.role===l.role&&s.content===l.content||a.push({index:t,change:s?l?"changed":"removed":"added",roleBefore:s?.role??null,roleAfter:l?.role??null,lines:s?l?m(s.content,l.content):s.content.split(`
`).map(g=>({op:"-",text:g})):l.content.split(`
`).map(g=>({op:"+",text:g}))})}return{fields:f,messages:a}}function x(n){if(n===void 0)return"(unset)";let r=JSON.stringify(n);return r.length>80?`${r.slice(0,77)}...`:r}function $(n,r,f){let o=[`--- ${r}`,`+++ ${f}`];if(n.fields.length===0&&n.messages.length===0)return`${o.join(`
`)}
(no differences)
`;for(let e of n.fields)o.push(`${e.field}: ${x(e.before)} \u2192 ${x(e.after)}`);for(let e of n.messages){let c=e.roleBefore&&e.roleAfter&&e.roleBefore!==e.roleAfter?`role ${e.roleBefore} \u2192 ${e.roleAfter}`:e.roleAfter??e.roleBefore;o.push(`messages[${e.index}] (${c}): ${e.change}`),e.lines.some(a=>a.op!==" ")&&o.push(...h(e.lines))}return`${o.join(`
`)}
`}export{w as a,$ as b};
